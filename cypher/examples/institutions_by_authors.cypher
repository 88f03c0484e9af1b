// Which institutions have the most affiliated authors?
MATCH (a:Author)-[:AFFILIATED_WITH]->(i:Institution)
RETURN i.id AS id, i.name AS name, count(DISTINCT a) AS authors
ORDER BY authors DESC, id
LIMIT 10
