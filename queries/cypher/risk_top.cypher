// name: risk_top
// params: limit
// answers: the subjects of one label with the highest propagated risk, as written back by `risk propagate` (by rank: equal scores tie in rank, then by key, the same order on both stores)
// example: {"limit": 10}
MATCH (s:Subject)
WHERE s.risk_score IS NOT NULL AND s.risk_score > 0
RETURN s.label AS label, s.key AS key, s.name AS name, s.risk_score AS risk_score, s.risk_own AS risk_own,
       s.risk_rank AS risk_rank, s.list_status AS list_status
ORDER BY risk_rank, key
LIMIT $limit
