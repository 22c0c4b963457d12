// name: intermediary_blocks
// params: keys (company USCCs), as_of (date)
// answers: what bars the given companies from a government purchase on the date: black-list entries in force, abnormal operations list entries in force, administrative penalties on display
// example: {"keys": ["91320413504986847Q"], "as_of": "2026-06-30"}
MATCH (c:Company)-[:LISTED_IN]->(e:ListEntry)
WHERE c.key IN $keys AND e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
RETURN c.key AS key, 'not_blacklisted' AS rule, e.key AS record_key, e.listed_at AS dated
UNION ALL
MATCH (c:Company)-[:LISTED_ABNORMAL]->(a:AbnormalEntry)
WHERE c.key IN $keys AND a.listed_at <= $as_of AND (a.removed_at IS NULL OR a.removed_at > $as_of)
RETURN c.key AS key, 'not_abnormal' AS rule, a.key AS record_key, a.listed_at AS dated
UNION ALL
MATCH (c:Company)-[:COMMITTED]->(v:Violation)
WHERE c.key IN $keys AND v.source = '行政处罚' AND v.decided_at <= $as_of
  AND (v.display_until IS NULL OR v.display_until > $as_of)
  AND (v.repaired_at IS NULL OR v.repaired_at > $as_of)
  AND (v.upheld_objection IS NULL OR v.upheld_objection = false)
RETURN c.key AS key, 'no_penalty_in_display' AS rule, v.key AS record_key, v.decided_at AS dated
