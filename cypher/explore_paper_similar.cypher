// The papers most similar to one paper (SIMILAR_TO, read undirected).
MATCH (p:Paper {id: $id})-[s:SIMILAR_TO]-(q:Paper)
RETURN q.id AS id, q.title AS title, q.year AS year, s.score AS score
ORDER BY score DESC, id
LIMIT $limit
