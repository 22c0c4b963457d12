// name: subject_names
// params: keys (node keys of one subject label)
// answers: the name of each subject, by node key
// example: {"keys": ["91320400MA1X2Y3Z4K"]}
UNWIND $keys AS k
MATCH (s:Subject {key: k})
RETURN s.key AS key, s.name AS name
