// 12 Related parties of one company
MATCH (c:Company {key: $company})
MATCH p = (c)-[:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF|OPERATES|HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT*1..2]-(x)
RETURN p
LIMIT 300;
