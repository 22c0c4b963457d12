// name: reappear_identifier_holders
// params: phones, addresses, accounts (lists of identifier keys)
// answers: how many subjects hold each of the given phones, addresses and accounts (an identifier held by many is generic and ties no one); the reappearance scan asks only about the identifiers its hits share
// example: {"phones": ["k1"], "addresses": ["k2"], "accounts": []}
// plan: OPTIONAL MATCH after UNWIND … MATCH makes Ladybug expand from each looked-up identifier; a plain MATCH there planned a join over the whole table (~1000x slower)
UNWIND $phones AS k
MATCH (i:Phone {key: k})
OPTIONAL MATCH (i)<-[:HAS_PHONE]-(h)
RETURN i.key AS identifier_key, count(DISTINCT h) AS holders
UNION ALL
UNWIND $addresses AS k
MATCH (i:Address {key: k})
OPTIONAL MATCH (i)<-[:HAS_ADDRESS]-(h)
RETURN i.key AS identifier_key, count(DISTINCT h) AS holders
UNION ALL
UNWIND $accounts AS k
MATCH (i:Account {key: k})
OPTIONAL MATCH (i)<-[:HAS_ACCOUNT]-(h)
RETURN i.key AS identifier_key, count(DISTINCT h) AS holders
