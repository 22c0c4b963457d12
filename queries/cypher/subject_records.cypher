// name: subject_records
// params: key (node key)
// answers: the records on one subject, whole: violations committed, list entries, qualifications held, commitments made, abnormal operations list entries, complaints against it and evaluations of it (the entity file's record sections)
// example: {"key": "91320400MA1X2Y3Z4K"}
MATCH (s:Subject {key: $key})-[r:COMMITTED|LISTED_IN|HOLDS_QUALIFICATION|MADE_COMMITMENT|LISTED_ABNORMAL]->(x)
RETURN type(r) AS rel, x
LIMIT 2000
UNION ALL
MATCH (s:Subject {key: $key})<-[r:COMPLAINT_AGAINST|EVALUATES]-(x)
RETURN type(r) AS rel, x
LIMIT 2000
