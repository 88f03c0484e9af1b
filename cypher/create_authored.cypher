// One row per (author, new paper): the paper was created in this batch and has no AUTHORED
// edge yet, so the edge is created without a MERGE (same properties as upsert_authored).
UNWIND $rows AS row
MATCH (a:Author {id: row.author})
MATCH (p:Paper {id: row.paper})
CREATE (a)-[:AUTHORED {position: row.position, name: row.name, affiliations: row.affiliations,
                       source_author_id: row.source_author_id, orcid: row.orcid,
                       email_key: row.email_key}]->(p)
