// name: reappear_shareholding
// params: as_of (date)
// answers: persons on an active blacklist who, after their listing, control a company through shares (>= 50%, or the largest holder) while someone else fronts it
// example: {"as_of": "2026-01-01"}
// plan: the hops to the company and its holders are OPTIONAL MATCHes, misses dropped by the WHERE after them: Ladybug then expands from the rows in hand instead of joining the whole relationship table (reappear_shared_identifier: ~600 ms -> ~50 ms on 1M subjects); the answer is the same
MATCH (p:Person)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
OPTIONAL MATCH (p)-[s:SHAREHOLDER_OF]->(c:Company)
WITH p, e, s, c, coalesce(s.since, c.registered_at) AS since
WHERE c IS NOT NULL AND since > e.listed_at AND since <= $as_of
OPTIONAL MATCH (h)-[o:SHAREHOLDER_OF]->(c)
WITH p, e, s, c, since, max(o.ratio) AS largest
WHERE s.ratio >= 0.5 OR s.ratio >= largest
RETURN 'Person' AS subject_label, p.key AS subject_key, p.name AS subject_name,
       'Company' AS entity_label, c.key AS entity_key, c.name AS entity_name,
       'SHAREHOLDER_OF' AS rel, NULL AS role, since, s.ratio AS ratio, largest,
       e.key AS entry_key, e.listed_at AS listed_at,
       e.agency_as_written AS agency, e.jurisdiction AS jurisdiction, e.reason AS reason, e.contested AS contested, e.measures AS measures
