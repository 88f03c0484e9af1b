// Record that every author of the graph was decided by identity rules revision $rules (after a
// first load into an empty graph, or `graphsvc upgrade --identity`).
MERGE (m:Meta {id: 'graph'})
SET m.identity_rules = $rules
