// Who are the co-authors of one author ($author_id), strongest first?
MATCH (a:Author {id: $author_id})-[c:CO_AUTHOR]-(b:Author)
RETURN b.id AS id, b.name AS name, c.weight AS joint_papers, c.first_year AS first_year
ORDER BY joint_papers DESC, id
