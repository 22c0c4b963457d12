// name: person
// params: key (person key: keyed hash of the citizen ID)
// answers: one person's own properties, or nothing
// example: {"key": "5f0c3d2e1a4b6c8d9e0f11223344556677889900aabbccddeeff001122334455"}
MATCH (p:Person {key: $key})
RETURN p.key AS key, p.name AS name, p.id_number AS id_number, p.jurisdiction AS jurisdiction
