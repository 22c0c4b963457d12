// name: tasks
// params: document (a document number or key; "" for every document)
// answers: the tasks of a document (or of all), one row per lead or cooperating agency with the name as written and how it was resolved (registry, rule, created)
// example: {"document": "澄信用发〔2018〕7号"}
MATCH (t:Task)-[:PART_OF]->(d:PolicyDocument)
WHERE $document = "" OR d.number = $document OR d.key = $document
OPTIONAL MATCH (a:Agency)-[r:LEADS|COOPERATES_ON]->(t)
RETURN d.key AS document_key, d.number AS document_number, d.title AS document_title,
       d.jurisdiction AS document_jurisdiction, d.issued_at AS issued_at,
       t.key AS task_key, t.seq AS seq, t.title AS title, t.source AS source, t.collective AS collective,
       type(r) AS role, r.as_written AS as_written,
       r.resolution AS resolution, r.rule AS rule,
       a.key AS agency_key, a.name AS agency_name, a.jurisdiction AS agency_jurisdiction,
       a.inferred AS agency_inferred
ORDER BY document_key, seq, role, as_written
