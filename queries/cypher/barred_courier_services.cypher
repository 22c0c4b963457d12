// name: barred_courier_services
// params: as_of (date)
// answers: companies on an active blacklist whose courier serves a platform or a shop on the as-of date, whenever the service began, with the entry's measures (the caller keeps the services a measure bars)
// example: {"as_of": "2026-01-01"}
MATCH (p:Company)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
MATCH (p)-[o:OPERATES]->(k:Courier)
WHERE o.until IS NULL OR o.until > $as_of
MATCH (k)-[s:SHIPS_FOR]->(t)
WHERE (s.since IS NULL OR s.since <= $as_of) AND (s.until IS NULL OR s.until > $as_of)
RETURN 'Company' AS subject_label, p.key AS subject_key, p.name AS subject_name,
       t.label AS entity_label, t.key AS entity_key, t.name AS entity_name,
       'SHIPS_FOR' AS rel, NULL AS role, s.since AS since, k.key AS courier_key, k.name AS courier_name,
       e.key AS entry_key, e.listed_at AS listed_at,
       e.agency_as_written AS agency, e.jurisdiction AS jurisdiction, e.reason AS reason, e.contested AS contested, e.measures AS measures
