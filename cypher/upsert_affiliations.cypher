// One row per (author, institution, year): Institution node and AFFILIATED_WITH with years seen.
UNWIND $rows AS row
MATCH (a:Author {id: row.author})
MERGE (i:Institution {id: row.institution})
SET i.name = row.name,
    i.aliases = CASE WHEN i.aliases IS NULL THEN row.aliases
                ELSE i.aliases + [x IN row.aliases WHERE NOT x IN i.aliases] END
MERGE (a)-[r:AFFILIATED_WITH]->(i)
SET r.first_year = CASE WHEN r.first_year IS NULL OR row.year < r.first_year
                        THEN row.year ELSE r.first_year END,
    r.last_year = CASE WHEN r.last_year IS NULL OR row.year > r.last_year
                       THEN row.year ELSE r.last_year END
