// Which authors are two co-author steps from $author_id but never wrote with them (by shared neighbours)?
MATCH (a:Author {id: $author_id})-[:CO_AUTHOR]-(mid:Author)-[:CO_AUTHOR]-(c:Author)
WHERE c <> a AND NOT (a)-[:CO_AUTHOR]-(c)
RETURN c.id AS id, c.name AS name, count(DISTINCT mid) AS shared
ORDER BY shared DESC, id
LIMIT 20
