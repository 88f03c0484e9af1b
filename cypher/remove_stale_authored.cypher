// One row per paper with its current author ids: drop AUTHORED edges of authors no longer listed.
UNWIND $rows AS row
MATCH (a:Author)-[r:AUTHORED]->(p:Paper {id: row.paper})
WHERE NOT a.id IN row.authors
DELETE r
RETURN a.id AS author
