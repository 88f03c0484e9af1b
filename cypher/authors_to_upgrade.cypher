// The authors `graphsvc upgrade` brings up to date: authors of at least one paper written
// before Author.topics existed (author_topics sets it, [] when the author has no topic), and
// the ends of ties without topic_overlap (an upgrade stopped between its two passes).
MATCH (a:Author)
WHERE a.topics IS NULL AND (a)-[:AUTHORED]->()
RETURN a.id AS id
UNION
MATCH (a:Author)-[c:CO_AUTHOR]-(:Author)
WHERE c.topic_overlap IS NULL
RETURN a.id AS id
