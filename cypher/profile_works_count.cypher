// How many of an author's works pass the filters of profile_works.
MATCH (a:Author {id: $id})-[:AUTHORED]->(p:Paper)
WITH p, coalesce(p.type, CASE WHEN p.journal_ref IS NULL THEN 'preprint' ELSE 'article' END) AS type,
     coalesce(p.venue, p.journal_ref) AS venue
WHERE ($type IS NULL OR type = $type) AND ($year IS NULL OR p.year = $year)
  AND ($venue IS NULL OR replace(replace(replace(replace(toLower(coalesce(venue, '')),
      ' ', ''), '.', ''), ',', ''), '-', '') CONTAINS $venue)
RETURN count(p) AS count
