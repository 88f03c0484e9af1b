// Re-point mentions of papers from earlier loads to the author identity now says they are.
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})
WITH p, row
MATCH (p)<-[r:AUTHORED]-(old:Author {id: row.from})
MATCH (new:Author {id: row.to})
MERGE (new)-[n:AUTHORED]->(p)
SET n.position = r.position, n.name = r.name, n.affiliations = r.affiliations,
    n.source_author_id = r.source_author_id, n.orcid = r.orcid, n.email_key = r.email_key
DELETE r
