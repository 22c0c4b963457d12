// name: person_phones
// params: key (person key), fanout (most rows)
// answers: the person's phone numbers (personal: masked by the API unless investigator)
// example: {"key": "5f0c3d2e1a4b6c8d9e0f11223344556677889900aabbccddeeff001122334455", "fanout": 10}
MATCH (:Person {key: $key})-[:HAS_PHONE]->(ph:Phone)
RETURN ph.number AS number
ORDER BY number
LIMIT $fanout
