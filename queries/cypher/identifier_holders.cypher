// name: identifier_holders
// params: none
// answers: every subject-to-identifier link of one subject label (phones, addresses, accounts), for grouping subjects into rings
// example: {}
MATCH (s:Subject)-[r:HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]->(i)
RETURN s.key AS subject_key, s.name AS subject_name, i.label AS identifier_label, i.key AS identifier_key, i.name AS identifier
