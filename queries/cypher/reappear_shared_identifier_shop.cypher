// name: reappear_shared_identifier_shop
// params: as_of (date)
// answers: blacklisted subjects whose phone, address or account is shared with a person who opened a shop after the listing (a nominee); generic identifiers are filtered by the caller with reappear_identifier_holders
// subjects: Person, Company
// example: {"as_of": "2026-01-01"}
// plan: the last hop is an OPTIONAL MATCH, with its rows' misses dropped by the WHERE after it: Ladybug then expands from the rows in hand instead of joining the whole relationship table (reappear_shared_identifier: ~600 ms -> ~50 ms on 1M subjects); the answer is the same
MATCH (p:Subject)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
MATCH (p)-[:HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]->(i)<-[:HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]-(n:Person)
WHERE n.key <> p.key
OPTIONAL MATCH (n)-[r:OPERATES]->(x:Shop)
WITH p, e, i, n, r, x, coalesce(r.since, x.opened_at) AS since
WHERE x IS NOT NULL AND since > e.listed_at AND since <= $as_of
RETURN DISTINCT p.label AS subject_label, p.key AS subject_key, p.name AS subject_name,
       'Shop' AS entity_label, x.key AS entity_key, x.name AS entity_name,
       'OPERATES' AS rel, NULL AS role, since, i.label AS identifier_label, i.key AS identifier_key, i.name AS identifier,
       n.key AS nominee_key, n.name AS nominee_name,
       e.key AS entry_key, e.listed_at AS listed_at,
       e.agency_as_written AS agency, e.jurisdiction AS jurisdiction, e.reason AS reason, e.contested AS contested, e.measures AS measures
