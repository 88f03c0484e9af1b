// The papers most similar to one paper (SIMILAR_TO, read undirected: once per paper even when
// each lists the other among its most similar).
MATCH (p:Paper {id: $id})-[s:SIMILAR_TO]-(q:Paper)
WITH q, max(s.score) AS score
RETURN q.id AS id, q.title AS title, q.year AS year, score
ORDER BY score DESC, id
LIMIT $limit
