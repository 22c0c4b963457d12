// name: related_two_steps
// params: key (node key of one subject)
// answers: two steps of a related-party walk in one query: the subject's own name (so the walk needs no second read for it), its neighbours over every related-party relationship and each neighbour's own neighbours, with the links' dates (the caller filters types and dates and caps fan-out; a walk that reaches the row cap is redone step by step)
// example: {"key": "91320400MA1X2Y3Z4K"}
// plan: the second step is an OPTIONAL MATCH so a neighbour with no other link still comes back; both steps in one round trip (~2-3 ms on 1M subjects)
MATCH (a:Subject {key: $key})-[r1:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF|OPERATES|HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]-(b)
OPTIONAL MATCH (b)-[r2:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF|OPERATES|HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]-(c)
RETURN a.name AS name0, type(r1) AS rel1, b.label AS label1, b.key AS key1, b.name AS name1,
       b.id_number AS id_number1, b.id_masked AS id_masked1,
       r1.since AS since1, r1.until AS until1, r1.role AS role1, r1.ratio AS ratio1,
       type(r2) AS rel2, c.label AS label2, c.key AS key2, c.name AS name2,
       c.id_number AS id_number2, c.id_masked AS id_masked2,
       r2.since AS since2, r2.until AS until2, r2.role AS role2, r2.ratio AS ratio2
LIMIT 5000
