// name: flag_records
// params: keys (record keys of list entries and violations)
// answers: where and when each flagging record was made: a list entry's jurisdiction and listed_at, a violation's jurisdiction and decided_at
// example: {"keys": ["E00000001", "V00000001"]}
UNWIND $keys AS k
MATCH (e:ListEntry {key: k})
RETURN e.key AS key, 'list_entry' AS kind, e.jurisdiction AS jurisdiction, e.listed_at AS date
UNION ALL
UNWIND $keys AS k
MATCH (v:Violation {key: k})
RETURN v.key AS key, 'violation' AS kind, v.jurisdiction AS jurisdiction, v.decided_at AS date
