// name: company
// params: key (USCC)
// answers: one company's own properties, or nothing
// example: {"key": "91320400MA1X2Y3Z4K"}
MATCH (c:Company {key: $key})
RETURN c.key AS key, c.name AS name, c.status AS status, c.registered_at AS registered_at,
       c.jurisdiction AS jurisdiction, c.placeholder AS placeholder
