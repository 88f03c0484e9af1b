// One row per author with the institutions its mentions still give (`keep`): every other
// AFFILIATED_WITH edge of the author goes. Returns each removed edge's ends.
UNWIND $rows AS row
MATCH (a:Author {id: row.author})-[r:AFFILIATED_WITH]->(i:Institution)
WHERE NOT i.id IN row.keep
DELETE r
RETURN a.id AS author, i.id AS institution
