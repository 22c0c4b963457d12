// 07 Reappearances through a role (graph)
MATCH (p:Person)-[l:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
MATCH (p)-[r:LEGAL_REP_OF|OFFICER_OF]->(c:Company)
WHERE coalesce(r.since, c.registered_at) > e.listed_at
RETURN p, l, e, r, c
LIMIT 50;
