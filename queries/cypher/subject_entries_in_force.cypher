// name: subject_entries_in_force
// params: key (node key), as_of (date)
// answers: one subject's red- and black-list entries in force on as_of (listed, not expired, not removed, not struck by an upheld objection), oldest first, with their measures: what the subject is granted and barred from on that day
// example: {"key": "91320400MA1X2Y3Z4K", "as_of": "2025-01-01"}
MATCH (s:Subject {key: $key})-[:LISTED_IN]->(e:ListEntry)
WHERE e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND coalesce(e.upheld_objection, false) = false
RETURN e.key AS key, e.list AS list, e.measures AS measures, e.listed_at AS listed_at,
       e.expires_at AS expires_at, e.reason AS reason, e.agency_as_written AS agency,
       e.jurisdiction AS jurisdiction, coalesce(e.contested, false) AS contested
ORDER BY listed_at, key
