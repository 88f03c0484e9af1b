// Neo4j 5 full-text indexes for GET /search (run by queries.search).
CREATE FULLTEXT INDEX search_author IF NOT EXISTS FOR (n:Author) ON EACH [n.name, n.name_variants];
CREATE FULLTEXT INDEX search_paper IF NOT EXISTS FOR (n:Paper) ON EACH [n.title];
CREATE FULLTEXT INDEX search_topic IF NOT EXISTS FOR (n:Topic) ON EACH [n.name];
CREATE FULLTEXT INDEX search_institution IF NOT EXISTS FOR (n:Institution) ON EACH [n.name, n.aliases];
