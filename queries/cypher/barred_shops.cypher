// name: barred_shops
// params: as_of (date)
// answers: subjects on an active blacklist (individual sellers or companies) who operate a shop open on the as-of date, whenever it opened, with the entry's measures (the caller keeps the shops a measure bars)
// subjects: Person, Company
// example: {"as_of": "2026-01-01"}
MATCH (p:Subject)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
OPTIONAL MATCH (p)-[o:OPERATES]->(s:Shop)
WITH p, e, o, s, coalesce(o.since, s.opened_at) AS since
WHERE s IS NOT NULL AND (since IS NULL OR since <= $as_of)
  AND (o.until IS NULL OR o.until > $as_of) AND (s.closed_at IS NULL OR s.closed_at > $as_of)
RETURN p.label AS subject_label, p.key AS subject_key, p.name AS subject_name,
       'Shop' AS entity_label, s.key AS entity_key, s.name AS entity_name,
       'OPERATES' AS rel, NULL AS role, since, e.key AS entry_key, e.listed_at AS listed_at,
       e.agency_as_written AS agency, e.jurisdiction AS jurisdiction, e.reason AS reason, e.contested AS contested, e.measures AS measures
