// Which pairs of authors wrote the most papers together?
MATCH (a:Author)-[c:CO_AUTHOR]->(b:Author)
RETURN a.name AS author, b.name AS coauthor, c.weight AS joint_papers
ORDER BY joint_papers DESC, author, coauthor
LIMIT 10
