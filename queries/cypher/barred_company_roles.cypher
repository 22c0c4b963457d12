// name: barred_company_roles
// params: as_of (date)
// answers: persons on an active blacklist who hold a role in a company on the as-of date (legal representative or officer), whenever it began, with the entry's measures (the caller keeps the roles a measure bars)
// example: {"as_of": "2026-01-01"}
MATCH (p:Person)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
MATCH (p)-[r:LEGAL_REP_OF|OFFICER_OF]->(c:Company)
WITH p, e, r, c, coalesce(r.since, c.registered_at) AS since
WHERE (since IS NULL OR since <= $as_of) AND (r.until IS NULL OR r.until > $as_of)
RETURN 'Person' AS subject_label, p.key AS subject_key, p.name AS subject_name,
       'Company' AS entity_label, c.key AS entity_key, c.name AS entity_name,
       type(r) AS rel, r.role AS role, since, e.key AS entry_key, e.listed_at AS listed_at,
       e.agency_as_written AS agency, e.jurisdiction AS jurisdiction, e.reason AS reason, e.contested AS contested, e.measures AS measures
