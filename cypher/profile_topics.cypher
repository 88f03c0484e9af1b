// The topics an author works in, by number of their works in each.
MATCH (a:Author {id: $id})-[:AUTHORED]->(p:Paper)-[:HAS_TOPIC]->(t:Topic)
RETURN t.id AS id, t.name AS name, count(DISTINCT p) AS works
ORDER BY works DESC, id
