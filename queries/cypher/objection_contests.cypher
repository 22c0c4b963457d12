// name: objection_contests
// params: key (the objection's key), target (the contested record's key)
// labels: Violation, ListEntry, Evaluation
// answers: links an objection to the record it contests (CONTESTS); the count of links (1)
// writes: true
// example: {"key": "OBJ-20260101-00000000", "target": "V-2024-0001"}
MATCH (o:Objection {key: $key})
MATCH (r:Subject {key: $target})
MERGE (o)-[c:CONTESTS]->(r)
RETURN count(c) AS c
