// Who wrote the most papers, and over which years?
MATCH (a:Author)-[:AUTHORED]->(p:Paper)
RETURN a.id AS id, a.name AS name, count(p) AS papers, min(p.year) AS first_year,
       max(p.year) AS last_year
ORDER BY papers DESC, id
LIMIT 10
