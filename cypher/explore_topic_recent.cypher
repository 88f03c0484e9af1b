// The most recent works of a topic.
MATCH (t:Topic {id: $id})<-[:HAS_TOPIC]-(p:Paper)
RETURN p.id AS id, p.title AS title, p.year AS year, p.date AS date
ORDER BY coalesce(p.year, 0) DESC, coalesce(p.date, '') DESC, id
LIMIT $limit
