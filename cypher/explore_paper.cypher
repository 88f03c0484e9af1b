// One paper with its authors (in order) and topics.
MATCH (p:Paper {id: $id})
OPTIONAL MATCH (a:Author)-[au:AUTHORED]->(p)
WITH p, a, au
ORDER BY au.position
WITH p, [x IN collect({id: a.id, name: a.name, position: au.position}) WHERE x.id IS NOT NULL] AS authors
OPTIONAL MATCH (p)-[:HAS_TOPIC]->(t:Topic)
RETURN p.id AS id, p.title AS title, p.abstract AS abstract, p.year AS year, p.date AS date,
       p.doi AS doi, p.journal_ref AS journal_ref, p.comments AS comments,
       coalesce(p.type, CASE WHEN p.journal_ref IS NULL THEN 'preprint' ELSE 'article' END) AS type,
       coalesce(p.venue, p.journal_ref) AS venue, p.source AS source, p.source_id AS source_id,
       authors, [x IN collect({id: t.id, name: t.name}) WHERE x.id IS NOT NULL] AS topics
