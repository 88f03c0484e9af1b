// How many papers carry each topic?
MATCH (p:Paper)-[:HAS_TOPIC]->(t:Topic)
RETURN t.id AS topic, t.name AS name, count(p) AS papers
ORDER BY papers DESC, topic
