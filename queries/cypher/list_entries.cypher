// name: list_entries
// params: lists (["red"], ["black"] or both), as_of (date, default today), offset, limit
// answers: the published list entries in force on as_of, newest first: red and black entries of companies, and black entries of persons, shops, couriers and platforms (电子商务意见 (二十) publishes the blacklisted subjects); a person's ID travels for the caller to mask
// example: {"lists": ["red", "black"], "as_of": "2025-01-01", "offset": 0, "limit": 10}
MATCH (s)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list IN $lists AND (e.list = 'black' OR s.label = 'Company') AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND coalesce(e.upheld_objection, false) = false
RETURN e.key AS key, e.list AS list, s.label AS subject_label, s.key AS subject_key, s.name AS subject_name,
       s.id_masked AS id_masked, s.id_number AS id_number,
       e.listed_at AS listed_at, e.expires_at AS expires_at, e.reason AS reason,
       e.agency_as_written AS agency, e.jurisdiction AS jurisdiction,
       coalesce(e.contested, false) AS contested
ORDER BY listed_at DESC, key
SKIP $offset
LIMIT $limit
