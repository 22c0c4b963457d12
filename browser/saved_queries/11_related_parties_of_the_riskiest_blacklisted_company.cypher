// 11 Related parties of the riskiest blacklisted company
MATCH (c:Company)-[:LISTED_IN]->(e:ListEntry {list: 'black'})
WITH c ORDER BY coalesce(c.risk_score, 0) DESC LIMIT 1
MATCH p = (c)-[:LEGAL_REP_OF|OFFICER_OF|SHAREHOLDER_OF|OPERATES|HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT*1..2]-(x)
RETURN p
LIMIT 300;
