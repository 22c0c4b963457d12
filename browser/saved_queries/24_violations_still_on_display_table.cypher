// 24 Violations still on display (table)
MATCH (s:Company {key: $company})-[:COMMITTED]->(v:Violation)
WHERE v.decided_at <= $as_of
  AND (v.display_until IS NULL OR v.display_until > $as_of)
  AND (v.repaired_at IS NULL OR v.repaired_at > $as_of)
RETURN s.key AS subject_key, v.key AS record_key, v.name AS violation, v.severity AS severity,
       v.decided_at AS decided_at, v.agency_as_written AS agency, v.contested AS contested;
