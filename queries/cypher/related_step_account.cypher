// name: related_step_account
// params: key (Account key)
// answers: one step of a related-party walk through a shared account: the subjects holding it
// example: {"key": "k1"}
MATCH (a:Account {key: $key})<-[r:HAS_ACCOUNT]-(b)
RETURN type(r) AS rel, b.label AS label, b.key AS key, b.name AS name,
       b.id_number AS id_number, b.id_masked AS id_masked,
       NULL AS since, NULL AS until, NULL AS role, NULL AS ratio
LIMIT 1000
