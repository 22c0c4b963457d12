// name: responsible_tasks
// params: violation_type (taxonomy code), jurisdictions (jurisdiction codes whose documents to look in)
// answers: tasks addressing a violation type in documents of the given jurisdictions, one row per lead or cooperating agency with the name as written, and the document
// example: {"violation_type": "V01", "jurisdictions": ["320400", "320000"]}
MATCH (v:ViolationType {key: $violation_type})
MATCH (t:Task)-[:ADDRESSES]->(v)
MATCH (t)-[:PART_OF]->(d:PolicyDocument)
MATCH (d)-[:IN_JURISDICTION]->(j:Jurisdiction)
WHERE j.key IN $jurisdictions
OPTIONAL MATCH (a:Agency)-[r:LEADS|COOPERATES_ON]->(t)
RETURN j.key AS jurisdiction, d.key AS document_key, d.number AS document_number,
       d.title AS document_title, d.issued_at AS issued_at,
       d.status AS status, d.comments_requested_at AS comments_requested_at,
       t.key AS task_key, t.seq AS seq, t.title AS title, t.source AS source, t.collective AS collective,
       type(r) AS role, r.as_written AS as_written, r.source AS mention_source,
       a.key AS agency_key, a.name AS agency_name, a.jurisdiction AS agency_jurisdiction
ORDER BY jurisdiction, document_key, seq, role, as_written
