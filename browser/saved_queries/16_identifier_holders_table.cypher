// 16 Identifier holders (table)
MATCH (s:Company)-[r:HAS_PHONE|HAS_ADDRESS|HAS_ACCOUNT]->(i)
RETURN s.key AS subject_key, s.name AS subject_name, i.label AS identifier_label, i.key AS identifier_key, i.name AS identifier;
