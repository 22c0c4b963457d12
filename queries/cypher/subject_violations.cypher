// name: subject_violations
// params: key (node key of one subject), as_of (date)
// answers: the violations of one subject still on display as of the date
// example: {"key": "91320400MA1X2Y3Z4K", "as_of": "2026-01-01"}
MATCH (s:Subject {key: $key})-[:COMMITTED]->(v:Violation)
WHERE v.decided_at <= $as_of
  AND (v.display_until IS NULL OR v.display_until > $as_of)
  AND (v.repaired_at IS NULL OR v.repaired_at > $as_of)
RETURN s.key AS subject_key, v.key AS record_key, v.name AS violation, v.severity AS severity,
       v.decided_at AS decided_at, v.agency_as_written AS agency, v.contested AS contested
