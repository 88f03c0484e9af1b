// One row per author: create or update, keeping every name variant ever seen.
UNWIND $rows AS row
MERGE (a:Author {id: row.id})
SET a.name = row.name,
    a.name_key = row.name_key,
    a.name_variants = CASE WHEN a.name_variants IS NULL THEN row.variants
                      ELSE a.name_variants + [v IN row.variants WHERE NOT v IN a.name_variants] END,
    a.load_run = $run
