// name: agency
// params: key (agency key)
// answers: one agency's own record, or nothing
// example: {"key": "cz.samr"}
MATCH (a:Agency {key: $key})
RETURN a.key AS key, a.name AS name, a.jurisdiction AS jurisdiction, a.kind AS kind,
       a.aliases AS aliases, a.valid_from AS valid_from, a.valid_until AS valid_until
