// An author's close collaborators (at least $close_min joint papers), strongest ties first.
MATCH (a:Author {id: $id})-[c:CO_AUTHOR]-(b:Author)
WHERE c.weight >= $close_min
RETURN b.id AS id, b.name AS name, c.weight AS joint_papers,
       c.first_year AS first_year, c.last_year AS last_year
ORDER BY joint_papers DESC, last_year DESC, id
LIMIT $limit
