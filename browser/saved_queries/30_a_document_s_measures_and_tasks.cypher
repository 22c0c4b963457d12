// 30 A document's measures and tasks
MATCH (d:PolicyDocument)
WHERE d.number = $document OR d.key = $document
MATCH (part)-[po:PART_OF]->(d)
OPTIONAL MATCH (a:Agency)-[r:LEADS]->(part)
OPTIONAL MATCH (part)-[ad:ADDRESSES]->(v:ViolationType)
RETURN d, po, part, a, r, ad, v;
