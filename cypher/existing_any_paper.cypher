// Whether the graph holds any paper yet (one row or none).
MATCH (p:Paper)
RETURN p.id AS id
LIMIT 1
