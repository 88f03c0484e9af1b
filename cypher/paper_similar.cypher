// A paper's most similar papers: its own top k (outgoing SIMILAR_TO), best first, paged.
MATCH (p:Paper {id: $id})-[s:SIMILAR_TO]->(q:Paper)
RETURN q.id AS id, q.title AS title, q.year AS year, s.score AS score
ORDER BY score DESC, id
SKIP $skip
LIMIT $limit
