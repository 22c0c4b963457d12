// name: identifier_links
// params: none
// answers: every subject-to-identifier link of one subject label (phones, addresses, accounts) as keys only, for grouping subjects into rings in one pass (names are fetched for the ring members only)
// example: {}
MATCH (s:Subject)-[:HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]->(i)
RETURN s.key AS subject_key, i.label AS identifier_label, i.key AS identifier_key
