// name: screen_violations
// params: keys (node keys of subjects of one label), as_of (date)
// answers: the violations on display on as_of of the given subjects (decided, not past display, not repaired, not withdrawn by an upheld objection)
// example: {"keys": ["91320400MA1X2Y3Z4K"], "as_of": "2025-01-01"}
UNWIND $keys AS k
MATCH (s:Subject {key: k})-[:COMMITTED]->(v:Violation)
WHERE v.decided_at <= $as_of
  AND (v.display_until IS NULL OR v.display_until > $as_of)
  AND (v.repaired_at IS NULL OR v.repaired_at > $as_of)
  AND coalesce(v.upheld_objection, false) = false
RETURN s.key AS key, v.key AS record, v.decided_at AS decided_at, v.severity AS severity
ORDER BY key, decided_at, record
