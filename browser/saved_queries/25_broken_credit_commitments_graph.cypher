// 25 Broken credit commitments (graph)
MATCH p = (s)-[:COMMITTED]->(v:Violation)-[:BREAKS]->(c:Commitment)<-[:MADE_COMMITMENT]-(s)
RETURN p LIMIT 50;
