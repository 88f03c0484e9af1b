// One row per paper: create or update it with its provenance.
UNWIND $rows AS row
MERGE (p:Paper {id: row.id})
SET p.title = row.title,
    p.abstract = row.abstract,
    p.year = row.year,
    p.date = row.date,
    p.doi = row.doi,
    p.journal_ref = row.journal_ref,
    p.comments = row.comments,
    p.source = row.source,
    p.source_id = row.source_id,
    p.site = row.site,
    p.load_run = $run
