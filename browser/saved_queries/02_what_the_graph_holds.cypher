// 02 What the graph holds
MATCH (n)
RETURN n.label AS label, count(*) AS nodes
ORDER BY nodes DESC;
