// name: account_numbers
// params: keys (account node keys)
// answers: the number of each account node (personal: masked on the way out unless the role may see it)
// example: {"keys": ["3f6b2a1c"]}
MATCH (a:Account)
WHERE a.key IN $keys
RETURN a.key AS key, a.account_no AS account_no
