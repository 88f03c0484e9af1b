// Authors of the given ids who no longer author anything are removed.
UNWIND $ids AS id
MATCH (a:Author {id: id})
WHERE NOT (a)-[:AUTHORED]->()
DETACH DELETE a
