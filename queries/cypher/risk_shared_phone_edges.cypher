// name: risk_shared_phone_edges
// params: none
// answers: the HAS_PHONE edges of every Phone held by two subjects or more (one held by a single subject ties no one), with the holder's label as data, for risk propagation and the shared-identifier rings (which count distinct holders themselves)
// example: {}
MATCH (x)-[:HAS_PHONE]->(i:Phone)
WITH i, count(*) AS edges
WHERE edges >= 2
MATCH (a)-[r:HAS_PHONE]->(i)
RETURN a.label AS src_label, a.key AS src, i.key AS dst
