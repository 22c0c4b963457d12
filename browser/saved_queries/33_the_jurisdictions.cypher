// 33 The jurisdictions
MATCH p = (j:Jurisdiction)-[:PART_OF*1..2]->(:Jurisdiction {key: '320000'})
RETURN p;
