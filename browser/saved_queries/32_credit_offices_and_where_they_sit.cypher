// 32 Credit offices and where they sit
MATCH p = (a:Agency)-[:HOSTED_BY]->(b:Agency)
RETURN p;
