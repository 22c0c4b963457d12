// name: record_subjects
// params: key (the key of a record an objection contests), subjects (the schema's subject labels)
// labels: Violation, ListEntry, Evaluation
// answers: the subjects a record is about (COMMITTED, LISTED_IN, EVALUATES): the side an objection must come from
// example: {"key": "V-2024-0001", "subjects": ["Company", "Person", "Shop", "Platform", "Courier"]}
MATCH (r:Subject {key: $key})--(s)
WHERE s.label IN $subjects
RETURN DISTINCT s.key AS key
ORDER BY key
