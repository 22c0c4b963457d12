// name: intermediary_grades
// params: keys (company USCCs), as_of (date)
// answers: the credit evaluations of the given companies made on or before the date (the latest decides the band)
// example: {"keys": ["91320413504986847Q"], "as_of": "2026-06-30"}
MATCH (e:Evaluation)-[:EVALUATES]->(c:Company)
WHERE c.key IN $keys AND e.evaluated_at <= $as_of
  AND (e.upheld_objection IS NULL OR e.upheld_objection = false)
RETURN c.key AS key, e.grade AS grade, e.evaluated_at AS evaluated_at, e.agency_as_written AS agency,
       e.key AS evaluation_key
ORDER BY key, evaluated_at, evaluation_key
