// One author's counters over their works and co-author edges (stored on busy authors instead:
// profile_counts).
MATCH (a:Author {id: $id})
OPTIONAL MATCH (a)-[:AUTHORED]->(p:Paper)
WITH a, count(p) AS works, min(p.year) AS first_year, max(p.year) AS last_year,
     collect(DISTINCT coalesce(p.source, 'unknown')) AS sources
OPTIONAL MATCH (a)-[c:CO_AUTHOR]-(:Author)
RETURN works, first_year, last_year, sources, count(c) AS coauthors,
       count(CASE WHEN c.weight >= $close_min THEN 1 END) AS close_collaborators
