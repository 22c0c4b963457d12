// name: published_entries_count
// params: lists (["red"], ["black"] or both), q (a part of the subject's name; "" for all), as_of (date)
// answers: how many entries published_entries pages through
// example: {"lists": ["black"], "q": "贸易", "as_of": "2025-01-01"}
MATCH (s)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list IN $lists AND (e.list = 'black' OR s.label = 'Company') AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND coalesce(e.upheld_objection, false) = false
  AND ($q = '' OR s.name CONTAINS $q)
RETURN count(e) AS n
