// name: couriers_with_operators
// params: (none)
// answers: every courier with its operating company (couriers.csv operator_uscc), by key: the couriers' status list's population
// example: {}
MATCH (k:Courier)
OPTIONAL MATCH (o:Company)-[:OPERATES]->(k)
RETURN k.key AS key, k.name AS name, o.key AS operator_key, o.name AS operator_name
ORDER BY key, operator_key
