// name: agencies_count
// params: jurisdiction (a prefix of the 6-digit code; "" for all)
// answers: how many agencies the agencies query pages through
// example: {"jurisdiction": "3204"}
MATCH (a:Agency)
WHERE $jurisdiction = "" OR a.jurisdiction STARTS WITH $jurisdiction
RETURN count(a) AS n
