// 15 The ring around one company
MATCH (c:Company {key: $company})
MATCH p = (c)-[:HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT*1..4]-(x)
RETURN p
LIMIT 300;
