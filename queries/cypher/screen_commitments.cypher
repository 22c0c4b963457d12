// name: screen_commitments
// params: keys (node keys of subjects of one label), as_of (date)
// answers: the credit commitments (信用承诺) of the given subjects made on or before as_of and valid on it, with the violation that breaks each if one does (a record of the same subject decided within the commitment's validity, still on display): the batch screening's commitments
// example: {"keys": ["91320400MA1X2Y3Z4K"], "as_of": "2025-01-01"}
UNWIND $keys AS k
MATCH (s:Subject {key: k})-[:MADE_COMMITMENT]->(c:Commitment)
WHERE c.made_at <= $as_of AND (c.valid_until IS NULL OR c.valid_until > $as_of)
OPTIONAL MATCH (v:Violation)-[:BREAKS]->(c)
WHERE v.decided_at <= $as_of AND v.decided_at >= c.made_at
  AND (v.display_until IS NULL OR v.display_until > $as_of)
  AND (v.repaired_at IS NULL OR v.repaired_at > $as_of)
  AND coalesce(v.upheld_objection, false) = false
RETURN s.key AS key, c.key AS commitment, c.kind AS kind, c.content AS content, c.made_at AS made_at,
       c.valid_until AS valid_until, c.agency_as_written AS agency, c.public AS public,
       v.key AS broken_by
ORDER BY key, made_at, commitment, broken_by
