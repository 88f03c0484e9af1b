// The revision of the identity rules that last decided every author of the graph (null: a graph
// of a graphsvc before the marker, or one never loaded), and whether it holds any author.
OPTIONAL MATCH (m:Meta {id: 'graph'})
WITH m.identity_rules AS rules
OPTIONAL MATCH (a:Author)
WITH rules, a LIMIT 1
RETURN rules, a IS NOT NULL AS has_authors
