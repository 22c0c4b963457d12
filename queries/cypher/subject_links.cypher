// name: subject_links
// params: key (node key), limit (cap on links returned)
// answers: every direct link of one subject, both directions, with the relationship's properties and the node at the other end (the entity file's raw material)
// example: {"key": "91320400MA1X2Y3Z4K", "limit": 500}
MATCH (s:Subject {key: $key})-[r]->(x)
RETURN 'out' AS direction, type(r) AS rel, r, x
LIMIT $limit
UNION ALL
MATCH (s:Subject {key: $key})<-[r]-(x)
RETURN 'in' AS direction, type(r) AS rel, r, x
LIMIT $limit
