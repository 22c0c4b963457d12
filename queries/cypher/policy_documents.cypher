// name: policy_documents
// params: none
// answers: every policy document with its jurisdiction, status (adopted or draft, with the date comments were requested) and how many tasks it has
// example: {}
MATCH (d:PolicyDocument)
OPTIONAL MATCH (t:Task)-[:PART_OF]->(d)
RETURN d.key AS key, d.number AS number, d.title AS title, d.jurisdiction AS jurisdiction,
       d.issued_at AS issued_at, d.status AS status, d.comments_requested_at AS comments_requested_at,
       count(t) AS tasks
ORDER BY key
