// name: subject
// params: key (node key of the subject)
// answers: one subject's own node, or nothing
// example: {"key": "91320400MA1X2Y3Z4K"}
MATCH (s:Subject {key: $key})
RETURN s
