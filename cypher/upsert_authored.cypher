// One row per (author, paper): the AUTHORED edge with the position (1-based) and the name,
// affiliations and source ids exactly as the record gave them, and the digest of the author's
// e-mail address (evidence for identity).
UNWIND $rows AS row
MATCH (a:Author {id: row.author})
MATCH (p:Paper {id: row.paper})
MERGE (a)-[r:AUTHORED]->(p)
SET r.position = row.position, r.name = row.name, r.affiliations = row.affiliations,
    r.source_author_id = row.source_author_id, r.orcid = row.orcid, r.email_key = row.email_key
