// name: risk_violations
// params: none
// answers: every violation of the subjects of one label with what own risk weighs (severity, dates, repair, objections); risk fetches it as Arrow and filters in Python so each exclusion keeps its reason
// example: {}
MATCH (s:Subject)-[:COMMITTED]->(v:Violation)
RETURN s.key AS key, v.key AS record, v.severity AS severity, v.decided_at AS decided_at,
       v.display_until AS display_until, v.repaired_at AS repaired_at, v.contested AS contested,
       v.upheld_objection AS upheld_objection
