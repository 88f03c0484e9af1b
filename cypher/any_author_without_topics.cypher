// Whether any author lacks Author.topics (a graph loaded by an earlier graphsvc).
MATCH (a:Author)
WHERE a.topics IS NULL AND (a)-[:AUTHORED]->()
RETURN a.id AS id
LIMIT 1
