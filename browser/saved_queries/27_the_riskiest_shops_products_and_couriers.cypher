// 27 The riskiest shops' products and couriers
MATCH (s:Shop)
WITH s ORDER BY coalesce(s.risk_score, 0) DESC LIMIT 5
OPTIONAL MATCH sold = (s)-[:SELLS]->(p:Product)<-[:MANUFACTURES]-(m:Company)
OPTIONAL MATCH shipped = (k:Courier)-[:SHIPS_FOR]->(s)
OPTIONAL MATCH listed = (s)-[:ON_PLATFORM]->(pl:Platform)
OPTIONAL MATCH inspected = (i:Inspection)-[:INSPECTS]->(p)
OPTIONAL MATCH sampled = (i)-[:SAMPLED_FROM]->(s)
RETURN s, sold, shipped, listed, inspected, sampled;
