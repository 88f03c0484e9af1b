// profile_author_counts for many authors in one round trip (refresh_hubs stores them as
// profile_counts): the same counters, computed per author inside CALL {}.
UNWIND $ids AS aid
MATCH (a:Author {id: aid})
CALL {
  WITH a
  OPTIONAL MATCH (a)-[:AUTHORED]->(p:Paper)
  WITH a, count(p) AS works, min(p.year) AS first_year, max(p.year) AS last_year,
       collect(DISTINCT coalesce(p.source, 'unknown')) AS sources
  OPTIONAL MATCH (a)-[c:CO_AUTHOR]-(:Author)
  RETURN works, first_year, last_year, sources, count(c) AS coauthors,
         count(CASE WHEN c.weight >= $close_min THEN 1 END) AS close_collaborators
}
RETURN a.id AS author, works, first_year, last_year, sources, coauthors, close_collaborators
