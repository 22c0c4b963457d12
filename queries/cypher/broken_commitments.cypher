// name: broken_commitments
// params: as_of (date), violation_type (the taxonomy code of 承诺不符)
// answers: commitments broken by a violation of the same subject on display as of the date, decided on or after the commitment was made and within its validity
// example: {"as_of": "2026-06-30", "violation_type": "V20"}
MATCH (v:Violation)-[:BREAKS]->(c:Commitment)
WHERE v.decided_at <= $as_of
  AND (v.display_until IS NULL OR v.display_until > $as_of)
  AND (v.repaired_at IS NULL OR v.repaired_at > $as_of)
  AND (v.upheld_objection IS NULL OR v.upheld_objection = false)
  AND c.made_at IS NOT NULL AND v.decided_at >= c.made_at
  AND (c.valid_until IS NULL OR v.decided_at < c.valid_until)
MATCH (v)-[:OF_TYPE]->(t:ViolationType)
WHERE t.key = $violation_type
MATCH (s)-[:COMMITTED]->(v)
MATCH (s)-[:MADE_COMMITMENT]->(c)
RETURN s.label AS subject_label, s.key AS subject_key, s.name AS subject_name,
       c.key AS commitment_key, c.kind AS kind, c.content AS content, c.made_at AS made_at,
       c.valid_until AS valid_until, c.agency_as_written AS commitment_agency, c.public AS public,
       v.key AS record_key, v.name AS violation, v.decided_at AS decided_at, v.severity AS severity,
       v.agency_as_written AS agency, v.jurisdiction AS jurisdiction, v.display_until AS display_until,
       v.contested AS contested
ORDER BY decided_at, commitment_key, record_key
