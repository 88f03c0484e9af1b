// One row per paper with its current author ids: drop AUTHORED edges of authors no longer listed.
// Anchored on the paper's id index first (a pattern starting at Author would scan every author).
// Returns each dropped edge's ends (CO_AUTHOR recompute and hub refresh).
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})
WITH p, row
MATCH (p)<-[r:AUTHORED]-(a:Author)
WHERE NOT a.id IN row.authors
DELETE r
RETURN a.id AS author, p.id AS paper
