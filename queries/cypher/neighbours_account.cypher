// name: neighbours_account
// params: key (Account key), limit (row cap)
// answers: one step of a related-party walk through a shared account: the subjects holding it
// example: {"key": "k1", "limit": 1000}
MATCH (a:Account {key: $key})<-[r:HAS_ACCOUNT]-(b)
RETURN a.key AS src, type(r) AS rel, b.label AS label, b.key AS dst, b.name AS name,
       NULL AS since, NULL AS until, NULL AS role, NULL AS ratio
LIMIT $limit
