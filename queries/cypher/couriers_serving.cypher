// name: couriers_serving
// params: key (key of one shop or platform, the :Subject), as_of (date)
// answers: the couriers shipping for one shop or, platform-wide, for one platform, as of the date
// subjects: Shop, Platform
// example: {"key": "p1/s1", "as_of": "2026-01-01"}
MATCH (c:Courier)-[r:SHIPS_FOR]->(s:Subject {key: $key})
WHERE (r.since IS NULL OR r.since <= $as_of) AND (r.until IS NULL OR r.until > $as_of)
RETURN c.key AS courier_key, c.name AS courier_name, s.label AS serves_label, s.key AS serves_key
