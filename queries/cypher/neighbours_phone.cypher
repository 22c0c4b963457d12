// name: neighbours_phone
// params: key (Phone key), limit (row cap)
// answers: one step of a related-party walk through a shared phone: the subjects holding it
// example: {"key": "k1", "limit": 1000}
MATCH (a:Phone {key: $key})<-[r:HAS_PHONE]-(b)
RETURN a.key AS src, type(r) AS rel, b.label AS label, b.key AS dst, b.name AS name,
       NULL AS since, NULL AS until, NULL AS role, NULL AS ratio
LIMIT $limit
