// name: related_step_address
// params: key (Address key)
// answers: one step of a related-party walk through a shared address: the subjects holding it
// example: {"key": "k1"}
MATCH (a:Address {key: $key})<-[r:HAS_ADDRESS]-(b)
RETURN type(r) AS rel, b.label AS label, b.key AS key, b.name AS name,
       b.id_number AS id_number, b.id_masked AS id_masked,
       NULL AS since, NULL AS until, NULL AS role, NULL AS ratio
LIMIT 1000
