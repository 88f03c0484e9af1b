// The papers on which an author is written with a given name (`rows`: {author, name}): where
// `graphsvc upgrade --identity` may cut a run-on name.
UNWIND $rows AS row
MATCH (a:Author {id: row.author})-[r:AUTHORED]->(p:Paper)
WHERE coalesce(r.name, a.name) = row.name
RETURN DISTINCT p.id AS paper
