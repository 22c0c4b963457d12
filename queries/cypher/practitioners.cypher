// name: practitioners
// params: occupation (a key occupational group: the contract's group), as_of (date)
// answers: the qualifications of one group in force as of the date, with the holder, the issuing agency's jurisdiction and the employer where known
// example: {"occupation": "律师", "as_of": "2026-06-30"}
MATCH (p:Person)-[:HOLDS_QUALIFICATION]->(q:Qualification)
WHERE q.occupation = $occupation
  AND (q.since IS NULL OR q.since <= $as_of)
  AND (q.until IS NULL OR q.until > $as_of)
OPTIONAL MATCH (q)-[w:PRACTISES_AT]->(c:Company)
RETURN p.key AS person_key, p.name AS person_name, p.id_masked AS id_masked, p.id_number AS id_number,
       q.key AS qualification_key, q.occupation AS occupation, q.licence_no AS licence_no,
       q.issuing_agency_as_written AS issuing_agency, q.jurisdiction AS jurisdiction,
       q.since AS since, q.until AS until, c.key AS employer_key, c.name AS employer_name
ORDER BY jurisdiction, person_key, qualification_key
