// One page of an author's works, newest first, filtered by type, year and venue (any may be null).
MATCH (a:Author {id: $id})-[:AUTHORED]->(p:Paper)
WITH p, coalesce(p.type, CASE WHEN p.journal_ref IS NULL THEN 'preprint' ELSE 'article' END) AS type,
     coalesce(p.venue, p.journal_ref) AS venue
WHERE ($type IS NULL OR type = $type) AND ($year IS NULL OR p.year = $year)
  AND ($venue IS NULL OR replace(replace(replace(replace(toLower(coalesce(venue, '')),
      ' ', ''), '.', ''), ',', ''), '-', '') CONTAINS $venue)
RETURN p.id AS id, p.title AS title, p.year AS year, p.date AS date, type, venue,
       p.doi AS doi, p.source AS source
ORDER BY coalesce(p.year, 0) DESC, coalesce(p.date, '') DESC, p.id
SKIP $skip
LIMIT $limit
