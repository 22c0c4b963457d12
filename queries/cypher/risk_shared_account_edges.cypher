// name: risk_shared_account_edges
// params: none
// answers: the HAS_ACCOUNT edges of every Account held by two subjects or more (one held by a single subject ties no one), with the holder's label as data, for risk propagation and the shared-identifier rings (which count distinct holders themselves)
// example: {}
MATCH (x)-[:HAS_ACCOUNT]->(i:Account)
WITH i, count(*) AS edges
WHERE edges >= 2
MATCH (a)-[r:HAS_ACCOUNT]->(i)
RETURN a.label AS src_label, a.key AS src, i.key AS dst
