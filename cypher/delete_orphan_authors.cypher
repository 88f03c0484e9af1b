// Authors of the given ids who no longer author anything are removed. Returns each removed
// author with the ids of its last neighbours (their stored hub data mentioned it).
UNWIND $ids AS id
MATCH (a:Author {id: id})
WHERE NOT (a)-[:AUTHORED]->()
OPTIONAL MATCH (a)-[]-(n)
WITH a, a.id AS gone, collect(n.id) AS neighbours
DETACH DELETE a
RETURN gone AS id, neighbours
