// name: subject_violations
// params: keys (subject keys of one label), as_of (date)
// answers: the violations of the given subjects still on display as of the date
// example: {"keys": ["91320400MA1X2Y3Z4K"], "as_of": "2026-01-01"}
UNWIND $keys AS k
MATCH (s:Subject {key: k})-[:COMMITTED]->(v:Violation)
WHERE v.decided_at <= $as_of
  AND (v.display_until IS NULL OR v.display_until > $as_of)
  AND (v.repaired_at IS NULL OR v.repaired_at > $as_of)
RETURN s.key AS subject_key, v.key AS record_key, v.name AS violation, v.severity AS severity,
       v.decided_at AS decided_at, v.agency_as_written AS agency, v.contested AS contested
