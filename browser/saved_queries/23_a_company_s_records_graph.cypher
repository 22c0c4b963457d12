// 23 A company's records (graph)
MATCH (c:Company {key: $company})
OPTIONAL MATCH rec = (c)-[:COMMITTED|LISTED_IN|LISTED_ABNORMAL|MADE_COMMITMENT]->(r)
OPTIONAL MATCH why = (r)-[:OF_TYPE|RECORDED_BY|ISSUED_BY]->(x)
OPTIONAL MATCH obj = (o:Objection)-[:CONTESTS]->(r)
OPTIONAL MATCH cmp = (c)<-[:COMPLAINT_AGAINST]-(cp:Complaint)
OPTIONAL MATCH ev = (c)<-[:EVALUATES]-(e:Evaluation)-[:ISSUED_BY]->(ea:Agency)
RETURN c, rec, why, obj, cmp, ev;
