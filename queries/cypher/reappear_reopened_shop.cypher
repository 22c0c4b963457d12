// name: reappear_reopened_shop
// params: as_of (date)
// answers: individual sellers whose shop is on an active blacklist and who opened another shop after the listing
// example: {"as_of": "2026-01-01"}
MATCH (old:Shop)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
MATCH (p:Person)-[:OPERATES]->(old)
MATCH (p)-[o:OPERATES]->(s:Shop)
WITH p, e, old, o, s, coalesce(o.since, s.opened_at) AS since
WHERE s.key <> old.key AND since > e.listed_at AND since <= $as_of
RETURN 'Person' AS subject_label, p.key AS subject_key, p.name AS subject_name,
       'Shop' AS entity_label, s.key AS entity_key, s.name AS entity_name,
       'OPERATES' AS rel, NULL AS role, since, old.key AS listed_shop, old.name AS listed_shop_name,
       e.key AS entry_key, e.listed_at AS listed_at,
       e.agency_as_written AS agency, e.jurisdiction AS jurisdiction, e.reason AS reason, e.contested AS contested, e.measures AS measures
