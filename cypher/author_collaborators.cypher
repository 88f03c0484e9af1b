// Existing co-authors of an author by tie strength (joint papers, then most recent), paged.
MATCH (a:Author {id: $id})-[c:CO_AUTHOR]-(b:Author)
RETURN b.id AS id, b.name AS name, c.weight AS joint_papers,
       c.first_year AS first_year, c.last_year AS last_year
ORDER BY joint_papers DESC, last_year DESC, id
SKIP $skip
LIMIT $limit
