// name: objections_on
// params: key (one objection's key, or null for every one), subjects (the schema's subject labels)
// labels: Violation, ListEntry, Evaluation
// answers: the objections that contest records of one label, each with the record's key and its subject's
// example: {"key": null, "subjects": ["Company", "Person", "Shop", "Platform", "Courier"]}
MATCH (o:Objection)-[:CONTESTS]->(r:Subject)
WHERE o.key = coalesce($key, o.key)
OPTIONAL MATCH (r)--(s)
WHERE s.label IN $subjects
RETURN o, r.key AS target_key, s.key AS subject_key
ORDER BY o.key, subject_key
