// Author.topics for the given authors: the ids of the topics of their papers, distinct and
// sorted. Run before recompute_coauthor, whose topic_overlap reads both ends' topics.
UNWIND $ids AS id
MATCH (a:Author {id: id})
OPTIONAL MATCH (a)-[:AUTHORED]->(:Paper)-[:HAS_TOPIC]->(t:Topic)
WITH a, t.id AS topic
ORDER BY topic
WITH a, collect(DISTINCT topic) AS topics
SET a.topics = topics
