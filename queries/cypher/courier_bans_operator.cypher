// name: courier_bans_operator
// params: as_of (date)
// answers: couriers whose operating company is blacklisted with a platform-entry restriction and that still serve a platform or shop after the listing
// example: {"as_of": "2026-01-01"}
MATCH (c:Company)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
  AND '限制入驻平台' IN e.measures
MATCH (c)-[:OPERATES]->(k:Courier)
MATCH (k)-[s:SHIPS_FOR]->(t)
WHERE (s.until IS NULL OR s.until > e.listed_at) AND (s.since IS NULL OR s.since <= $as_of)
RETURN 'Company' AS subject_label, c.key AS subject_key, c.name AS subject_name,
       'Courier' AS courier_key_label, k.key AS courier_key, k.name AS courier_name,
       t.label AS entity_label, t.key AS entity_key, t.name AS entity_name,
       s.since AS since, s.until AS until, 'operator' AS basis,
       e.key AS entry_key, e.listed_at AS listed_at,
       e.agency_as_written AS agency, e.jurisdiction AS jurisdiction, e.contested AS contested
