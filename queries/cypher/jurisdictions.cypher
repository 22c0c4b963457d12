// name: jurisdictions
// params: none
// answers: every jurisdiction with the code of the one enclosing it
// example: {}
MATCH (j:Jurisdiction)
OPTIONAL MATCH (j)-[:PART_OF]->(p:Jurisdiction)
RETURN j.key AS code, j.name AS name, j.level AS level, p.key AS parent
ORDER BY code
