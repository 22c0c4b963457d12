// name: shared_violations
// params: since (date: decided, repaired or corrected on or after it), until (date: on or before it)
// answers: the violations the credit platforms exchange (电子商务意见 (九): 行政处罚 and the other sources) that were decided, repaired or corrected in [since, until], in the record contract's columns, oldest first; a person's ID travels for the caller to mask
// example: {"since": "2025-01-01", "until": "2026-06-30"}
MATCH (s)-[:COMMITTED]->(v:Violation)
WHERE (v.decided_at >= $since AND v.decided_at <= $until)
   OR (v.repaired_at >= $since AND v.repaired_at <= $until)
   OR (v.corrected_at >= $since AND v.corrected_at <= $until)
RETURN v.key AS record_id, s.label AS subject_label, s.key AS subject_key, s.id_number AS id_number,
       v.violation_type_as_written AS violation_type, v.decided_at AS decided_at,
       v.agency_as_written AS agency, v.jurisdiction AS jurisdiction, v.source AS source,
       v.severity AS severity, v.description AS description, v.display_until AS display_until,
       v.repaired_at AS repaired_at
ORDER BY decided_at, record_id
