// name: identifier_names
// params: keys (node keys of phones, addresses or accounts)
// answers: the shown name of each identifier (a phone's or an account's masked form, an address as written), by node key
// example: {"keys": ["3f6b2a1c"]}
UNWIND $keys AS k
MATCH (i:Phone {key: k})
RETURN 'Phone' AS label, i.key AS key, i.name AS name
UNION ALL
UNWIND $keys AS k
MATCH (i:Address {key: k})
RETURN 'Address' AS label, i.key AS key, i.name AS name
UNION ALL
UNWIND $keys AS k
MATCH (i:Account {key: k})
RETURN 'Account' AS label, i.key AS key, i.name AS name
