// name: agencies
// params: jurisdiction (a prefix of the 6-digit code; "" for all), offset, limit
// answers: agencies with how many tasks each leads and cooperates on, by key
// example: {"jurisdiction": "3204", "offset": 0, "limit": 10}
MATCH (a:Agency)
WHERE $jurisdiction = "" OR a.jurisdiction STARTS WITH $jurisdiction
OPTIONAL MATCH (a)-[r:LEADS|COOPERATES_ON]->(t:Task)
WITH a, count(DISTINCT CASE WHEN type(r) = 'LEADS' THEN t.key END) AS leads,
     count(DISTINCT CASE WHEN type(r) = 'COOPERATES_ON' THEN t.key END) AS cooperates
RETURN a.key AS key, a.name AS name, a.jurisdiction AS jurisdiction, a.kind AS kind,
       a.valid_from AS valid_from, a.valid_until AS valid_until, leads, cooperates
ORDER BY key
SKIP $offset
LIMIT $limit
