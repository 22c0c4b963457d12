// 20 Responsible agencies (graph)
MATCH (v:ViolationType {key: $violation_type})<-[ad:ADDRESSES]-(t:Task)
MATCH (t)-[po:PART_OF]->(d:PolicyDocument)-[ij:IN_JURISDICTION]->(j:Jurisdiction)
WHERE j.key IN $jurisdictions
MATCH (a:Agency)-[r:LEADS|COOPERATES_ON]->(t)
RETURN v, ad, t, po, d, ij, j, a, r;
