// name: record_flags
// params: key (the record's key), contested (bool), upheld (bool, or null to keep the record's)
// labels: Violation, ListEntry, Evaluation
// answers: marks a record contested (an objection is pending) and, once decided, whether an objection against it was upheld
// writes: true
// example: {"key": "V-2024-0001", "contested": true, "upheld": null}
MATCH (r:Subject {key: $key})
SET r.contested = $contested, r.upheld_objection = coalesce($upheld, r.upheld_objection)
RETURN r.key AS key
