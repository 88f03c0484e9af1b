// One row per (paper, venue): the Venue node (journal, proceedings) and PUBLISHED_IN.
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})
MERGE (v:Venue {id: row.venue})
SET v.name = row.name, v.issn = coalesce(row.issn, v.issn)
MERGE (p)-[:PUBLISHED_IN]->(v)
