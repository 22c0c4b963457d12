// name: record_objections
// params: keys (violation and list-entry keys)
// answers: objections filed against the given records
// example: {"keys": ["V1"]}
UNWIND $keys AS k
MATCH (o:Objection)-[:CONTESTS]->(v:Violation {key: k})
RETURN k AS record_key, 'Violation' AS record_label, o
UNION ALL
UNWIND $keys AS k
MATCH (o:Objection)-[:CONTESTS]->(e:ListEntry {key: k})
RETURN k AS record_key, 'ListEntry' AS record_label, o
