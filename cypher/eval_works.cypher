// Papers of one year with title, abstract, their authors' ids (in author order), topic ids and
// the submitting site (institution key of the submitter, or null).
MATCH (p:Paper)
WHERE p.year = $year
MATCH (a:Author)-[r:AUTHORED]->(p)
WITH p, a, r
ORDER BY p.id, r.position
WITH p, collect(a.id) AS authors
OPTIONAL MATCH (p)-[:HAS_TOPIC]->(t:Topic)
RETURN p.id AS id, p.year AS year, p.title AS title, p.abstract AS abstract, authors,
       collect(t.id) AS topics, p.site AS site
