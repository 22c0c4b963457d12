// name: product_inspections
// params: key (product_id), as_of (date)
// answers: the sampling inspections (抽检) of one product made on or before the date, with the shop sampled online where there was one
// example: {"key": "PD00000001", "as_of": "2026-06-30"}
MATCH (i:Inspection)-[:INSPECTS]->(p:Product {key: $key})
WHERE i.sampled_at <= $as_of
OPTIONAL MATCH (i)-[:SAMPLED_FROM]->(s:Shop)
RETURN i.key AS key, i.sampled_at AS sampled_at, i.outcome AS result, i.batch_no AS batch, i.items AS items,
       i.agency_as_written AS agency, s.key AS shop_key, s.name AS shop_name
ORDER BY sampled_at, key
