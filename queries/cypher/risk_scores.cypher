// name: risk_scores
// params: none
// answers: every subject of one label with its stored risk values and whether it is a placeholder, for analysts' distributions (the label is added by the caller)
// example: {}
MATCH (s:Subject)
RETURN s.key AS key, s.name AS name, s.risk_own AS risk_own, s.risk_score AS risk_score, s.risk_rank AS risk_rank,
       s.list_status AS list_status, s.placeholder AS placeholder
