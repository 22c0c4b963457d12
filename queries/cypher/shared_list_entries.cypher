// name: shared_list_entries
// params: since (date: listed, removed or corrected on or after it), until (date: on or before it)
// answers: the red- and black-list entries the credit platforms exchange that were listed, removed or corrected in [since, until], in the record contract's columns, oldest first; a person's ID travels for the caller to mask
// example: {"since": "2025-01-01", "until": "2026-06-30"}
MATCH (s)-[:LISTED_IN]->(e:ListEntry)
WHERE (e.listed_at >= $since AND e.listed_at <= $until)
   OR (e.removed_at >= $since AND e.removed_at <= $until)
   OR (e.corrected_at >= $since AND e.corrected_at <= $until)
RETURN e.key AS entry_id, e.list AS list, s.label AS subject_label, s.key AS subject_key,
       s.id_number AS id_number, e.agency_as_written AS agency, e.listed_at AS listed_at,
       e.reason AS reason, e.jurisdiction AS jurisdiction, e.expires_at AS expires_at,
       e.removed_at AS removed_at, e.measures AS measures
ORDER BY listed_at, entry_id
