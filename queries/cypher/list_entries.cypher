// name: list_entries
// params: lists (["red"], ["black"] or both), as_of (date, default today), offset, limit
// answers: red/black list entries of companies (not persons) in force on as_of, newest first
// example: {"lists": ["red", "black"], "as_of": "2025-01-01", "offset": 0, "limit": 10}
MATCH (c:Company)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list IN $lists AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND coalesce(e.upheld_objection, false) = false
RETURN e.key AS key, e.list AS list, c.key AS subject_key, c.name AS subject_name,
       e.listed_at AS listed_at, e.expires_at AS expires_at, e.reason AS reason,
       e.agency_as_written AS agency, e.jurisdiction AS jurisdiction,
       coalesce(e.contested, false) AS contested
ORDER BY listed_at DESC, key
SKIP $offset
LIMIT $limit
