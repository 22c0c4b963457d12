// 37 Courier bans (table)
MATCH (k:Courier)-[:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
  AND '限制入驻平台' IN e.measures
MATCH (k)-[s:SHIPS_FOR]->(t)
WHERE (s.until IS NULL OR s.until > e.listed_at) AND (s.since IS NULL OR s.since <= $as_of)
RETURN 'Courier' AS subject_label, k.key AS subject_key, k.name AS subject_name,
       'Courier' AS courier_key_label, k.key AS courier_key, k.name AS courier_name,
       t.label AS entity_label, t.key AS entity_key, t.name AS entity_name,
       s.since AS since, s.until AS until, 'courier' AS basis,
       e.key AS entry_key, e.listed_at AS listed_at,
       e.agency_as_written AS agency, e.jurisdiction AS jurisdiction, e.contested AS contested;
