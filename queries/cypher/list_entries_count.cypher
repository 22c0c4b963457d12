// name: list_entries_count
// params: lists, as_of (date, default today)
// answers: how many entries list_entries pages through
// example: {"lists": ["red", "black"], "as_of": "2025-01-01"}
MATCH (s)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list IN $lists AND (e.list = 'black' OR s.label = 'Company') AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND coalesce(e.upheld_objection, false) = false
RETURN count(e) AS n
