// name: shared_commitments
// params: since (date: made on or after it), until (date: on or before it)
// answers: the public credit commitments (信用承诺, 电子商务意见 (十): 向社会公开) made in [since, until], in the record contract's columns, oldest first; a person's ID travels for the caller to mask
// example: {"since": "2025-01-01", "until": "2026-06-30"}
MATCH (s)-[:MADE_COMMITMENT]->(c:Commitment)
WHERE c.made_at >= $since AND c.made_at <= $until AND coalesce(c.public, true) = true
RETURN c.key AS commitment_id, s.label AS subject_label, s.key AS subject_key, s.id_number AS id_number,
       c.kind AS kind, c.content AS content, c.made_at AS made_at, c.agency_as_written AS agency,
       c.valid_until AS valid_until, c.public AS public
ORDER BY made_at, commitment_id
