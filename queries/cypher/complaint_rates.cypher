// name: complaint_rates
// params: since (date, exclusive), as_of (date, inclusive)
// answers: every complaint received in (since, as_of] against a shop, platform or courier, with its handling (status, resolution date, 先行赔付 compensation) and the subject's orders of the month where known: the rows the complaint rates are computed from
// example: {"since": "2026-03-31", "as_of": "2026-06-30"}
MATCH (c:Complaint)-[:COMPLAINT_AGAINST]->(s)
WHERE c.received_at > $since AND c.received_at <= $as_of AND s.label IN ['Shop', 'Platform', 'Courier']
RETURN s.label AS subject_label, s.key AS subject_key, s.name AS subject_name, c.key AS complaint,
       c.received_at AS received_at, c.substantiated AS substantiated, c.status AS status,
       c.resolved_at AS resolved_at, c.compensation AS compensation, c.orders AS orders
ORDER BY subject_key, received_at, complaint
