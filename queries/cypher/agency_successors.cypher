// name: agency_successors
// params: keys (agency keys), as_of (date)
// answers: every reform (SUCCEEDED_BY) in force on the date within four steps of the given agencies; the caller walks each agency's chain from them
// example: {"keys": ["cz.aic"], "as_of": "2026-01-01"}
UNWIND $keys AS k
MATCH (a:Agency {key: k})
MATCH (a)-[:SUCCEEDED_BY*0..4]->(x:Agency)
WITH DISTINCT a, x
MATCH (x)-[s:SUCCEEDED_BY]->(y:Agency)
WHERE s.date <= $as_of
RETURN a.key AS agency, x.key AS from_key, x.name AS from_name, y.key AS to_key, y.name AS to_name,
       y.jurisdiction AS to_jurisdiction, s.date AS date, s.reform AS reform
ORDER BY agency, date, from_key, to_key
