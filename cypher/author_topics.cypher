// Author.topics for the given authors: the ids of their $limit main topics, most papers first,
// then by id. Run before recompute_coauthor, whose topic_overlap reads both ends' topics.
UNWIND $ids AS id
MATCH (a:Author {id: id})
OPTIONAL MATCH (a)-[:AUTHORED]->(p:Paper)-[:HAS_TOPIC]->(t:Topic)
WITH a, t.id AS topic, count(DISTINCT p) AS works
ORDER BY works DESC, topic
WITH a, collect(topic) AS topics
SET a.topics = topics[..$limit]
