// One row per author: create or update, keeping every name variant ever seen, with the
// identity decision behind it (0-1 confidence of the weakest merge, the reasons of each merge).
// Returns the authors whose name changed (shown by their neighbours' stored hub data).
// (Collected, not filtered: FalkorDB skips the writes of rows a WHERE after them drops.)
UNWIND $rows AS row
MERGE (a:Author {id: row.id})
WITH a, row, a.name AS old
SET a.name = row.name,
    a.name_key = row.name_key,
    a.block_key = row.block_key,
    a.orcid = coalesce(row.orcid, a.orcid),
    a.merge_score = row.merge_score,
    a.merge_reasons = row.merge_reasons,
    a.name_variants = CASE WHEN a.name_variants IS NULL THEN row.variants
                      ELSE a.name_variants + [v IN row.variants WHERE NOT v IN a.name_variants] END,
    a.load_run = $run
WITH collect(CASE WHEN old IS NOT NULL AND old <> row.name THEN a.id END) AS ids
UNWIND ids AS id
RETURN id
