// One node of any main label by id, with its label.
UNWIND [$id] AS id
OPTIONAL MATCH (a:Author {id: id})
OPTIONAL MATCH (p:Paper {id: id})
OPTIONAL MATCH (t:Topic {id: id})
OPTIONAL MATCH (i:Institution {id: id})
WITH coalesce(a, p, t, i) AS n
WHERE n IS NOT NULL
RETURN n.id AS id, labels(n)[0] AS type, coalesce(n.name, n.title, n.id) AS label, n.year AS year
