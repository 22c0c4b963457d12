// name: record_issuer
// params: key (the key of a record an objection contests)
// labels: Violation, ListEntry, Evaluation
// answers: the agency that issued the record (its one relationship to an Agency: RECORDED_BY or ISSUED_BY) and the agency as the record writes it: where an objection goes (四(七)); one row, its agency null when none is linked, none when the record is not in the graph
// example: {"key": "V-2024-0001"}
MATCH (r:Subject {key: $key})
OPTIONAL MATCH (r)-->(a:Agency)
RETURN a.key AS key, a.name AS name, r.agency_as_written AS written
ORDER BY key
LIMIT 1
