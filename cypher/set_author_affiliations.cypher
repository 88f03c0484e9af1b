// One row per (author, institution) as the author's mentions give it now: the Institution
// node and the AFFILIATED_WITH edge with exactly these years (not widened by older ones, as
// upsert_affiliations does; used after mentions moved between authors).
// Returns the institutions whose name changed (shown by their neighbours' stored hub data).
// (Collected, not filtered: FalkorDB skips the writes of rows a WHERE after them drops.)
UNWIND $rows AS row
MATCH (a:Author {id: row.author})
MERGE (i:Institution {id: row.institution})
WITH a, i, row, i.name AS old
SET i.name = row.name,
    i.aliases = CASE WHEN i.aliases IS NULL THEN row.aliases
                ELSE i.aliases + [x IN row.aliases WHERE NOT x IN i.aliases] END
MERGE (a)-[r:AFFILIATED_WITH]->(i)
SET r.first_year = row.first_year, r.last_year = row.last_year
WITH collect(DISTINCT CASE WHEN old IS NOT NULL AND old <> row.name THEN i.id END) AS ids
UNWIND ids AS id
RETURN id
