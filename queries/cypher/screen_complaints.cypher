// name: screen_complaints
// params: keys (node keys of subjects of one label), since (date, exclusive), as_of (date, inclusive)
// answers: how many substantiated complaints each of the given subjects received in (since, as_of]
// example: {"keys": ["C001"], "since": "2025-01-01", "as_of": "2025-04-01"}
UNWIND $keys AS k
MATCH (c:Complaint)-[:COMPLAINT_AGAINST]->(s:Subject {key: k})
WHERE c.substantiated = true AND c.received_at > $since AND c.received_at <= $as_of
RETURN s.key AS key, count(c) AS n
ORDER BY key
