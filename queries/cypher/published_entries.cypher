// name: published_entries
// params: lists (["red"], ["black"] or both), q (a part of the subject's name; "" for all), as_of (date), offset, limit
// answers: the public pages' list entries in force on as_of whose subject's name contains q, newest first: red and black entries of companies, black entries of persons, shops, couriers and platforms (电子商务意见 (二十); 个人诚信意见 六(三) discloses persons' serious dishonesty), with the measures; a person's ID travels for the caller to mask
// example: {"lists": ["black"], "q": "贸易", "as_of": "2025-01-01", "offset": 0, "limit": 10}
MATCH (s)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list IN $lists AND (e.list = 'black' OR s.label = 'Company') AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND coalesce(e.upheld_objection, false) = false
  AND ($q = '' OR s.name CONTAINS $q)
RETURN e.key AS key, e.list AS list, s.label AS subject_label, s.key AS subject_key, s.name AS subject_name,
       s.id_masked AS id_masked, s.id_number AS id_number,
       e.listed_at AS listed_at, e.expires_at AS expires_at, e.reason AS reason,
       e.agency_as_written AS agency, e.jurisdiction AS jurisdiction, e.measures AS measures,
       coalesce(e.contested, false) AS contested
ORDER BY listed_at DESC, key
SKIP $offset
LIMIT $limit
