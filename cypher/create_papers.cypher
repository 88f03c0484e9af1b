// One row per paper known to be new (not in the graph when its batch began): create it.
UNWIND $rows AS row
CREATE (:Paper {id: row.id, title: row.title, abstract: row.abstract, year: row.year,
                date: row.date, doi: row.doi, journal_ref: row.journal_ref,
                comments: row.comments, source: row.source, source_id: row.source_id,
                site: row.site, load_run: $run})
