// name: risk_stored
// params: none
// answers: every subject of one label with the risk values the last propagation run wrote back (read back so a run writes only what changed), and _id, the handle Store.export_edges(node_ids=True) names it by (Ladybug: its table offset; Neo4j: its key), so edges join subjects by integer, not by key
// example: {}
MATCH (s:Subject)
RETURN s.key AS key, s.risk_own AS risk_own, s.risk_score AS risk_score, s.risk_rank AS risk_rank,
       s.list_status AS list_status, offset(id(s)) AS _id
