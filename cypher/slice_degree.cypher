// How many neighbours one node has per label, with the same filters as slice_ring.
MATCH (m:Author {id: $id})-[r]-(n)
WHERE type(r) IN $rel_types AND labels(n)[0] IN $types
  AND coalesce(r.last_year, n.year, $since) >= $since
RETURN labels(n)[0] AS type, count(DISTINCT n) AS count
UNION ALL
MATCH (m:Paper {id: $id})-[r]-(n)
WHERE type(r) IN $rel_types AND labels(n)[0] IN $types
  AND coalesce(r.last_year, n.year, $since) >= $since
RETURN labels(n)[0] AS type, count(DISTINCT n) AS count
UNION ALL
MATCH (m:Topic {id: $id})-[r]-(n)
WHERE type(r) IN $rel_types AND labels(n)[0] IN $types
  AND coalesce(r.last_year, n.year, $since) >= $since
RETURN labels(n)[0] AS type, count(DISTINCT n) AS count
UNION ALL
MATCH (m:Institution {id: $id})-[r]-(n)
WHERE type(r) IN $rel_types AND labels(n)[0] IN $types
  AND coalesce(r.last_year, n.year, $since) >= $since
RETURN labels(n)[0] AS type, count(DISTINCT n) AS count
