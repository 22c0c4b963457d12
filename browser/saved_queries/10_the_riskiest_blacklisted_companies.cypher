// 10 The riskiest blacklisted companies
MATCH (c:Company)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
RETURN DISTINCT c.key AS company, c.name AS name, c.risk_score AS risk_score, c.list_status AS list_status
ORDER BY coalesce(risk_score, 0) DESC
LIMIT 20;
