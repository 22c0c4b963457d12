// 28 One product's chain (table)
MATCH (p:Product {key: $key})
OPTIONAL MATCH (m:Company)-[:MANUFACTURES]->(p)
OPTIONAL MATCH (s:Shop)-[l:SELLS]->(p)
WHERE (l.since IS NULL OR l.since <= $as_of) AND (l.until IS NULL OR l.until > $as_of)
OPTIONAL MATCH (s)-[:ON_PLATFORM]->(f:Platform)
RETURN p.key AS product_key, p.name AS product_name, p.category AS category, p.sensitive AS sensitive,
       m.key AS manufacturer_key, m.name AS manufacturer_name,
       s.key AS shop_key, s.name AS shop_name, f.key AS platform_key, f.name AS platform_name;
