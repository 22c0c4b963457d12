// name: listed_identifier_holders
// params: as_of (date)
// answers: for every phone, address and account of a subject on an active blacklist, how many subjects hold it (an identifier held by many is generic and ties no one)
// subjects: Person, Company
// example: {"as_of": "2026-01-01"}
MATCH (p:Subject)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
MATCH (p)-[:HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]->(i)<-[:HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]-(h)
RETURN i.key AS identifier_key, count(DISTINCT h) AS holders
