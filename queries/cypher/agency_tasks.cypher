// name: agency_tasks
// params: key (agency key), limit (cap on rows)
// answers: the tasks an agency leads or cooperates on, with the name it is written under and the document
// example: {"key": "cz.samr", "limit": 100}
MATCH (a:Agency {key: $key})-[r:LEADS|COOPERATES_ON]->(t:Task)-[:PART_OF]->(d:PolicyDocument)
RETURN type(r) AS role, r.as_written AS as_written, t.key AS task_key, t.seq AS seq, t.title AS title,
       d.key AS document_key, d.number AS document_number, d.title AS document_title,
       d.jurisdiction AS document_jurisdiction, d.issued_at AS issued_at
ORDER BY document_key, seq, role
LIMIT $limit
