// name: neighbours_address
// params: key (Address key), limit (row cap)
// answers: one step of a related-party walk through a shared address: the subjects holding it
// example: {"key": "k1", "limit": 1000}
MATCH (a:Address {key: $key})<-[r:HAS_ADDRESS]-(b)
RETURN a.key AS src, type(r) AS rel, b.label AS label, b.key AS dst, b.name AS name,
       NULL AS since, NULL AS until, NULL AS role, NULL AS ratio
LIMIT $limit
