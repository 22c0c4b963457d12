// name: screen_subjects
// params: keys (node keys of subjects of one label), as_of (date)
// answers: which of the given subjects the graph holds, each with its name and its red- and black-list entries in force on as_of (one row per entry; a subject without one gives one row with a null entry): the batch screening's one read per kind
// example: {"keys": ["91320400MA1X2Y3Z4K"], "as_of": "2025-01-01"}
UNWIND $keys AS k
MATCH (s:Subject {key: k})
OPTIONAL MATCH (s)-[:LISTED_IN]->(e:ListEntry)
WHERE e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND coalesce(e.upheld_objection, false) = false
RETURN s.key AS key, s.name AS name, e.key AS entry, e.list AS list, e.measures AS measures,
       e.listed_at AS listed_at, e.expires_at AS expires_at, e.reason AS reason,
       e.agency_as_written AS agency, e.jurisdiction AS jurisdiction,
       coalesce(e.contested, false) AS contested
ORDER BY key, listed_at, entry
