// 21 Reforms: who took over
MATCH p = (a:Agency)-[:SUCCEEDED_BY*1..4]->(b:Agency)
WHERE a.jurisdiction IN $jurisdictions
RETURN p;
