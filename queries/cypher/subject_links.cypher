// name: subject_links
// params: key (node key)
// answers: every direct link of one subject, both directions, with the relationship's properties and the key, name and label of the node at the other end (the entity file's raw material; whole record nodes come from subject_records). At most 2,000 each way: a literal cap, since on Ladybug a parameterised LIMIT costs ~5 ms and returning whole nodes ~2 ms per query
// example: {"key": "91320400MA1X2Y3Z4K"}
MATCH (s:Subject {key: $key})-[r]->(x)
RETURN 'out' AS direction, type(r) AS rel, r, x.key AS key, x.name AS name, x.label AS label
LIMIT 2000
UNION ALL
MATCH (s:Subject {key: $key})<-[r]-(x)
RETURN 'in' AS direction, type(r) AS rel, r, x.key AS key, x.name AS name, x.label AS label
LIMIT 2000
