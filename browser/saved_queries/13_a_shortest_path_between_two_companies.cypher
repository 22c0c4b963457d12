// 13 A shortest path between two companies
MATCH (a:Company {key: $company})
MATCH (b:Company {key: $other})
MATCH p = shortestPath((a)-[:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF|OPERATES|ON_PLATFORM|SHIPS_FOR|HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT*..4]-(b))
RETURN p;
