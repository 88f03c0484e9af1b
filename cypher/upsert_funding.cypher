// One row per (paper, funder, award number or null): Funder, Award and the edges between them.
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})
MERGE (f:Funder {id: row.funder})
SET f.name = row.funder_name, f.source_id = coalesce(row.funder_source_id, f.source_id)
MERGE (p)-[:FUNDED_BY]->(f)
WITH p, f, row
WHERE row.award IS NOT NULL
MERGE (a:Award {id: row.award})
SET a.number = row.number
MERGE (a)-[:FUNDED_BY]->(f)
MERGE (p)-[:HAS_AWARD]->(a)
