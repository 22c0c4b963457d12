// name: persons_by_key
// params: keys (list of person keys)
// answers: the identity of persons by node key, for masking by role (id_number is personal data)
// example: {"keys": ["k1", "k2"]}
UNWIND $keys AS k
MATCH (p:Person {key: k})
RETURN p.key AS key, p.name AS name, p.id_number AS id_number, p.id_masked AS id_masked
