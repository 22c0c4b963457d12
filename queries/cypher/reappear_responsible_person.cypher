// name: reappear_responsible_person
// params: as_of (date)
// answers: legal representatives and executives of a company at the time it was blacklisted who, after that listing, take a role in another company (joint punishment reaches the person)
// example: {"as_of": "2026-01-01"}
// plan: the last hop is an OPTIONAL MATCH, with its rows' misses dropped by the WHERE after it: Ladybug then expands from the rows in hand instead of joining the whole relationship table (reappear_shared_identifier: ~600 ms -> ~50 ms on 1M subjects); the answer is the same
MATCH (b:Company)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
MATCH (p:Person)-[r0:LEGAL_REP_OF|OFFICER_OF]->(b)
WHERE (r0.since IS NULL OR r0.since <= e.listed_at) AND (r0.until IS NULL OR r0.until > e.listed_at)
OPTIONAL MATCH (p)-[r:LEGAL_REP_OF|OFFICER_OF]->(c:Company)
WITH p, e, b, r, c, coalesce(r.since, c.registered_at) AS since
WHERE c IS NOT NULL AND c.key <> b.key AND since > e.listed_at AND since <= $as_of
RETURN DISTINCT 'Person' AS subject_label, p.key AS subject_key, p.name AS subject_name,
       'Company' AS entity_label, c.key AS entity_key, c.name AS entity_name,
       type(r) AS rel, r.role AS role, since, b.key AS listed_company, b.name AS listed_company_name,
       e.key AS entry_key, e.listed_at AS listed_at,
       e.agency_as_written AS agency, e.jurisdiction AS jurisdiction, e.reason AS reason, e.contested AS contested, e.measures AS measures
