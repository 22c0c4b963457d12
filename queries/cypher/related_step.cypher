// name: related_step
// params: key (node key of one subject)
// answers: one step of a related-party walk: a subject's neighbours over every related-party relationship, with the link's dates (the caller filters types and dates and caps fan-out)
// example: {"key": "91320400MA1X2Y3Z4K"}
MATCH (a:Subject {key: $key})-[r:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF|OPERATES|HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]-(b)
RETURN type(r) AS rel, b.label AS label, b.key AS key, b.name AS name,
       b.id_number AS id_number, b.id_masked AS id_masked,
       r.since AS since, r.until AS until, r.role AS role, r.ratio AS ratio
LIMIT 1000
