// 34 The riskiest companies
MATCH (s:Company)
WHERE s.risk_score IS NOT NULL AND s.risk_score > 0
RETURN s.label AS label, s.key AS key, s.name AS name, s.risk_score AS risk_score, s.risk_own AS risk_own,
       s.risk_rank AS risk_rank, s.list_status AS list_status
ORDER BY risk_rank, key
LIMIT 25;
