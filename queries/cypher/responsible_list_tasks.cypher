// name: responsible_list_tasks
// params: forms (words that mark a task governing a list, e.g. 严重失信), jurisdictions (jurisdiction codes whose documents to look in)
// answers: tasks that govern a list and its joint measures (the blacklist's 失信联合惩戒 …) in documents of the given jurisdictions, one row per lead or cooperating agency with the name as written, and the document
// example: {"forms": ["严重失信", "失信联合惩戒"], "jurisdictions": ["320400", "320000"]}
MATCH (t:Task)-[:PART_OF]->(d:PolicyDocument)
WHERE any(f IN $forms WHERE t.text CONTAINS f)
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
