// 29 Documents and what they cite
MATCH (d:PolicyDocument)-[r:CITES|ISSUED_BY|IN_JURISDICTION]->(x)
RETURN d, r, x;
