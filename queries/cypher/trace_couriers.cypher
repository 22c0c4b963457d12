// name: trace_couriers
// params: shops (shop keys), platforms (platform keys), as_of (date)
// answers: the couriers shipping for the given shops or, platform-wide, for the given platforms, as of the date
// example: {"shops": ["p1/s1"], "platforms": ["p1"], "as_of": "2026-01-01"}
UNWIND $shops AS k
MATCH (c:Courier)-[r:SHIPS_FOR]->(s:Shop {key: k})
WHERE (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until > $as_of)
RETURN c.key AS courier_key, c.name AS courier_name, 'Shop' AS serves_label, s.key AS serves_key
UNION ALL
UNWIND $platforms AS k
MATCH (c:Courier)-[r:SHIPS_FOR]->(f:Platform {key: k})
WHERE (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until > $as_of)
RETURN c.key AS courier_key, c.name AS courier_name, 'Platform' AS serves_label, f.key AS serves_key
