// name: phone_numbers
// params: keys (phone node keys)
// answers: the number of each phone node (personal: masked on the way out unless the role may see it)
// example: {"keys": ["3f6b2a1c"]}
MATCH (p:Phone)
WHERE p.key IN $keys
RETURN p.key AS key, p.number AS number
