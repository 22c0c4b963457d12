// 36 Risky shops and their operators
MATCH (s:Shop)
WITH s ORDER BY coalesce(s.risk_score, 0) DESC LIMIT 10
MATCH p = (o)-[:OPERATES]->(s)-[:ON_PLATFORM]->(pl:Platform)
RETURN p;
