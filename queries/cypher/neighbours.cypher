// name: neighbours
// params: key (node key of one subject), types (relationship types to follow), limit (row cap)
// answers: one step of a related-party walk: a subject's neighbours over the chosen relationship types, with the link's dates
// example: {"key": "91320400MA1X2Y3Z4K", "types": ["LEGAL_REP_OF", "HAS_PHONE"], "limit": 1000}
MATCH (a:Subject {key: $key})-[r:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF|OPERATES|HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]-(b)
WHERE type(r) IN $types
RETURN a.key AS src, type(r) AS rel, b.label AS label, b.key AS dst, b.name AS name,
       r.since AS since, r.until AS until, r.role AS role, r.ratio AS ratio
LIMIT $limit
