// name: record_objections
// params: key (node key of one subject)
// answers: objections filed against one subject's violations and list entries
// example: {"key": "91320400MA1X2Y3Z4K"}
MATCH (s:Subject {key: $key})-[:COMMITTED]->(v:Violation)<-[:CONTESTS]-(o:Objection)
RETURN v.key AS record_key, 'Violation' AS record_label, o
UNION ALL
MATCH (s:Subject {key: $key})-[:LISTED_IN]->(e:ListEntry)<-[:CONTESTS]-(o:Objection)
RETURN e.key AS record_key, 'ListEntry' AS record_label, o
