// 14 Identifiers a blacklisted subject shares (graph)
MATCH (i)<-[:HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]-(s)
WITH i, count(DISTINCT s) AS holders
WHERE holders >= 2 AND holders <= $max_share
MATCH (i)<-[h:HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]-(b)-[l:LISTED_IN]->(e:ListEntry)
WHERE e.list = 'black' AND e.listed_at <= $as_of
  AND (e.expires_at IS NULL OR e.expires_at > $as_of)
  AND (e.removed_at IS NULL OR e.removed_at > $as_of)
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
MATCH (i)<-[h2:HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]-(t)
RETURN i, h, b, l, e, h2, t
LIMIT 200;
