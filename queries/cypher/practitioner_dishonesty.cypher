// name: practitioner_dishonesty
// params: keys (person keys), as_of (date), severity (the violation grade that counts as serious)
// answers: the serious-dishonesty records of the given persons as of the date: black-list entries in force and violations of the given severity on display
// example: {"keys": ["5f0c3d2e1a4b6c8d9e0f11223344556677889900aabbccddeeff001122334455"], "as_of": "2026-06-30", "severity": "严重"}
MATCH (p:Person)-[:LISTED_IN]->(e:ListEntry)
WHERE p.key IN $keys AND e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
RETURN p.key AS person_key, 'black_list' AS kind, e.key AS record_key, e.listed_at AS dated,
       e.reason AS what, e.jurisdiction AS jurisdiction
UNION ALL
MATCH (p:Person)-[:COMMITTED]->(v:Violation)
WHERE p.key IN $keys AND v.severity = $severity AND v.decided_at <= $as_of
  AND (v.display_until IS NULL OR v.display_until > $as_of)
  AND (v.repaired_at IS NULL OR v.repaired_at > $as_of)
  AND (v.upheld_objection IS NULL OR v.upheld_objection = false)
RETURN p.key AS person_key, 'violation' AS kind, v.key AS record_key, v.decided_at AS dated,
       v.name AS what, v.jurisdiction AS jurisdiction
