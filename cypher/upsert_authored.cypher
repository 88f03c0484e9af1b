// One row per (author, paper): the AUTHORED edge with the author's position (1-based).
UNWIND $rows AS row
MATCH (a:Author {id: row.author})
MATCH (p:Paper {id: row.paper})
MERGE (a)-[r:AUTHORED]->(p)
SET r.position = row.position
