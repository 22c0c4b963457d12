// name: flagged_subjects
// params: as_of (date)
// answers: subjects with an active black-list entry or a violation still on display, with the reason
// example: {"as_of": "2026-01-01"}
MATCH (s:Subject)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
RETURN s.key AS key, s.name AS name, 'blacklisted' AS flag, e.key AS record
UNION ALL
MATCH (s:Subject)-[:COMMITTED]->(v:Violation)
WHERE v.decided_at <= $as_of
  AND (v.display_until IS NULL OR v.display_until > $as_of)
  AND (v.repaired_at IS NULL OR v.repaired_at > $as_of)
  AND (v.upheld_objection IS NULL OR v.upheld_objection = false)
RETURN s.key AS key, s.name AS name, 'violation' AS flag, v.key AS record
