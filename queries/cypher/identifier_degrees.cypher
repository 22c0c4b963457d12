// name: identifier_degrees
// params: none
// answers: how many subjects hold each phone, address and account (identifiers held by many are generic)
// example: {}
MATCH (i:Phone)<-[:HAS_PHONE]-(h)
RETURN 'Phone' AS label, i.key AS key, count(h) AS holders
UNION ALL
MATCH (i:Address)<-[:HAS_ADDRESS]-(h)
RETURN 'Address' AS label, i.key AS key, count(h) AS holders
UNION ALL
MATCH (i:Account)<-[:HAS_ACCOUNT]-(h)
RETURN 'Account' AS label, i.key AS key, count(h) AS holders
