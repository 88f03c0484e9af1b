// Drop the outgoing SIMILAR_TO edges of the given papers (their top k is rewritten). Returns
// each dropped edge (the hub refresh compares them with the edges written back).
UNWIND $rows AS row
MATCH (p:Paper {id: row.id})-[r:SIMILAR_TO]->(q:Paper)
WITH p.id AS source, q.id AS target, r.score AS score, r
DELETE r
RETURN source, target, score
