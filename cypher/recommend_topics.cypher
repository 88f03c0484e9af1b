// Papers per (author, topic), for topic filters, shared topics and topic similarity.
MATCH (a:Author)-[:AUTHORED]->(p:Paper)-[:HAS_TOPIC]->(t:Topic)
RETURN a.id AS author, t.id AS topic, t.name AS name, count(DISTINCT p) AS papers
