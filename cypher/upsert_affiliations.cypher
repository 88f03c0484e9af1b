// One row per (author, institution): Institution node and AFFILIATED_WITH with the years seen
// (rows are pre-aggregated per pair, so one batch never meets the same new edge twice).
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
SET r.first_year = CASE WHEN r.first_year IS NULL OR row.first_year < r.first_year
                        THEN row.first_year ELSE r.first_year END,
    r.last_year = CASE WHEN r.last_year IS NULL OR row.last_year > r.last_year
                       THEN row.last_year ELSE r.last_year END
WITH collect(DISTINCT CASE WHEN old IS NOT NULL AND old <> row.name THEN i.id END) AS ids
UNWIND ids AS id
RETURN id
