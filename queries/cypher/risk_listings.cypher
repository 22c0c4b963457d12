// name: risk_listings
// params: none
// answers: every red or black list entry of the subjects of one label with its dates and objection state, for own risk
// example: {}
MATCH (s:Subject)-[:LISTED_IN]->(e:ListEntry)
RETURN s.key AS key, e.key AS record, e.list AS list, e.listed_at AS listed_at, e.expires_at AS expires_at,
       e.removed_at AS removed_at, e.contested AS contested, e.upheld_objection AS upheld_objection
