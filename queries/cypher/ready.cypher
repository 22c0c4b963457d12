// name: ready
// params: none
// answers: one row when the store answers a query (the API's readiness probe)
// example: {}
RETURN 1 AS ok
