// One row per (author, institution): Institution node and AFFILIATED_WITH with the years seen
// (rows are pre-aggregated per pair, so one batch never meets the same new edge twice).
UNWIND $rows AS row
MATCH (a:Author {id: row.author})
MERGE (i:Institution {id: row.institution})
SET i.name = row.name,
    i.aliases = CASE WHEN i.aliases IS NULL THEN row.aliases
                ELSE i.aliases + [x IN row.aliases WHERE NOT x IN i.aliases] END
MERGE (a)-[r:AFFILIATED_WITH]->(i)
SET r.first_year = CASE WHEN r.first_year IS NULL OR row.first_year < r.first_year
                        THEN row.first_year ELSE r.first_year END,
    r.last_year = CASE WHEN r.last_year IS NULL OR row.last_year > r.last_year
                       THEN row.last_year ELSE r.last_year END
