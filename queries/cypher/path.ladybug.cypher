// name: path
// params: a (key of the first subject), b (key of the second), the labels as :Subject and :Other
// answers: every shortest path (up to 1,000) of at most 4 links between two subjects over roles, shareholding, operation, platforms, shipping and shared identifiers
// example: {"a": "k1", "b": "k2"}
MATCH (a:Subject {key: $a})
MATCH (b:Other {key: $b})
MATCH p = (a)-[:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF|OPERATES|ON_PLATFORM|SHIPS_FOR|HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT* ALL SHORTEST 1..4]-(b)
RETURN nodes(p) AS nodes, rels(p) AS rels
LIMIT 1000
