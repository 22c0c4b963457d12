// name: risk_shared_address_edges
// params: none
// answers: the HAS_ADDRESS edges of every Address held by two subjects or more (one held by a single subject ties no one), with the holder's label as data, for risk propagation and the shared-identifier rings (which count distinct holders themselves)
// example: {}
MATCH (x)-[:HAS_ADDRESS]->(i:Address)
WITH i, count(*) AS edges
WHERE edges >= 2
MATCH (a)-[r:HAS_ADDRESS]->(i)
RETURN a.label AS src_label, a.key AS src, i.key AS dst
