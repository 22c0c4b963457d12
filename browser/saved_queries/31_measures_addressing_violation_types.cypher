// 31 Measures addressing violation types
MATCH (m:Measure)-[:PART_OF]->(d:PolicyDocument)
MATCH (m)-[:ADDRESSES]->(v:ViolationType)
OPTIONAL MATCH (a:Agency)-[:LEADS|COOPERATES_ON]->(m)
RETURN d.title AS document, m.seq AS measure, v.name AS violation_type, collect(DISTINCT a.name) AS agencies
ORDER BY document, measure;
