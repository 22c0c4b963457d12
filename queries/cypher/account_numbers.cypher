// name: account_numbers
// params: keys (account node keys)
// answers: the number of each account node (personal: masked on the way out unless the role may see it); anchored on each key (a `key IN $keys` filter scans the whole label on Ladybug: 135 ms a file on the 1M graph)
// example: {"keys": ["3f6b2a1c"]}
UNWIND $keys AS k
MATCH (a:Account {key: k})
RETURN a.key AS key, a.account_no AS account_no
