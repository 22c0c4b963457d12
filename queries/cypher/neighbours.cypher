// name: neighbours
// params: keys (node keys of one label), types (relationship types to follow), limit (row cap)
// answers: one step of a related-party walk: each node's neighbours over the chosen relationship types, with the link's dates
// example: {"keys": ["91320400MA1X2Y3Z4K"], "types": ["LEGAL_REP_OF", "HAS_PHONE"], "limit": 1000}
UNWIND $keys AS k
MATCH (a:Subject {key: k})-[r:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF|OPERATES|HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]-(b)
WHERE type(r) IN $types
RETURN a.key AS src, type(r) AS rel, b.label AS label, b.key AS dst, b.name AS name,
       r.since AS since, r.until AS until, r.role AS role, r.ratio AS ratio
LIMIT $limit
