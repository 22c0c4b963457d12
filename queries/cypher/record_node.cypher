// name: record_node
// params: key (the key of a record an objection contests)
// labels: Violation, ListEntry, Evaluation
// answers: the record's own node with every property: its date (an objection cannot precede it) and the version a correction keeps in its history
// example: {"key": "V-2024-0001"}
MATCH (r:Subject {key: $key})
RETURN r
