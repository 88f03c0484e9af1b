// Authors written before Author.topics existed (author_topics sets it, [] when the author has
// no topic): the ones `graphsvc upgrade` brings up to date (authors of at least one paper).
MATCH (a:Author)
WHERE a.topics IS NULL AND (a)-[:AUTHORED]->()
RETURN a.id AS id
ORDER BY id
