// name: reappear_shared_identifier
// params: as_of (date), max_share (identifiers held by more subjects are generic and tie no one)
// answers: blacklisted subjects whose phone, address or account is shared with a person who, after the listing, took a role in a company or opened a shop (a nominee)
// example: {"as_of": "2026-01-01", "max_share": 10}
MATCH (p:Subject)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
MATCH (p)-[:HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]->(i)
MATCH (i)<-[:HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]-(h)
WITH p, e, i, count(h) AS holders
WHERE holders <= $max_share
MATCH (i)<-[:HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]-(n:Person)
WHERE n.key <> p.key
MATCH (n)-[r:LEGAL_REP_OF|OFFICER_OF|OPERATES]->(x)
WITH p, e, i, n, r, x, coalesce(r.since, x.registered_at, x.opened_at) AS since
WHERE since > e.listed_at AND since <= $as_of
RETURN DISTINCT p.label AS subject_label, p.key AS subject_key, p.name AS subject_name,
       x.label AS entity_label, x.key AS entity_key, x.name AS entity_name,
       type(r) AS rel, r.role AS role, since, i.label AS identifier_label, i.key AS identifier_key, i.name AS identifier,
       n.key AS nominee_key, n.name AS nominee_name,
       e.key AS entry_key, e.listed_at AS listed_at,
       e.agency_as_written AS agency, e.jurisdiction AS jurisdiction, e.reason AS reason, e.contested AS contested
