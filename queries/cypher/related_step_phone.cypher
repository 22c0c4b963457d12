// name: related_step_phone
// params: key (Phone key)
// answers: one step of a related-party walk through a shared phone: the subjects holding it
// example: {"key": "k1"}
MATCH (a:Phone {key: $key})<-[r:HAS_PHONE]-(b)
RETURN type(r) AS rel, b.label AS label, b.key AS key, b.name AS name,
       b.id_number AS id_number, b.id_masked AS id_masked,
       NULL AS since, NULL AS until, NULL AS role, NULL AS ratio
LIMIT 1000
