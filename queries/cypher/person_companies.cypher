// name: person_companies
// params: key (person key), fanout (most rows per relation)
// answers: the companies a person represents, serves as officer of, or holds shares in
// example: {"key": "5f0c3d2e1a4b6c8d9e0f11223344556677889900aabbccddeeff001122334455", "fanout": 10}
MATCH (:Person {key: $key})-[:LEGAL_REP_OF]->(c:Company)
RETURN 'LEGAL_REP_OF' AS relation, c.key AS company_key, c.name AS company_name, '' AS role
ORDER BY company_key
LIMIT $fanout
UNION ALL
MATCH (:Person {key: $key})-[r:OFFICER_OF]->(c:Company)
RETURN 'OFFICER_OF' AS relation, c.key AS company_key, c.name AS company_name, r.role AS role
ORDER BY company_key
LIMIT $fanout
UNION ALL
MATCH (:Person {key: $key})-[:SHAREHOLDER_OF]->(c:Company)
RETURN 'SHAREHOLDER_OF' AS relation, c.key AS company_key, c.name AS company_name, '' AS role
ORDER BY company_key
LIMIT $fanout
