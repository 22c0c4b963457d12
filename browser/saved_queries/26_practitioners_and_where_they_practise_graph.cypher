// 26 Practitioners and where they practise (graph)
MATCH p = (:Person)-[:HOLDS_QUALIFICATION]->(q:Qualification)-[:PRACTISES_AT]->(:Company)
OPTIONAL MATCH i = (q)-[:ISSUED_BY]->(:Agency)
RETURN p, i LIMIT 50;
