// CO_AUTHOR from AUTHORED for the given authors: weight = joint papers, first and last year.
// One edge per pair, directed from the smaller id to the larger; read it undirected.
UNWIND $ids AS id
MATCH (a:Author {id: id})-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(b:Author)
WHERE a <> b
WITH a, b, count(DISTINCT p) AS weight, min(p.year) AS first_year, max(p.year) AS last_year
WITH CASE WHEN a.id < b.id THEN a ELSE b END AS x,
     CASE WHEN a.id < b.id THEN b ELSE a END AS y,
     weight, first_year, last_year
MERGE (x)-[c:CO_AUTHOR]->(y)
SET c.weight = weight, c.first_year = first_year, c.last_year = last_year, c.stale = null
