// The strongest neighbours of each node in $ids (at most $per_node each), any main label.
// Filtered by neighbour label ($types), year ($since) and ids the caller has ($skip);
// the cap is applied per node inside CALL {}, so a hub never returns all its edges.
UNWIND $ids AS id
MATCH (m:Author {id: id})
CALL {
  WITH m
  MATCH (m)-[r]-(n)
  WHERE type(r) IN $rel_types AND labels(n)[0] IN $types AND NOT n.id IN $skip
    AND coalesce(r.last_year, n.year, $since) >= $since
  RETURN r, n
  ORDER BY coalesce(r.weight, 1) DESC, coalesce(r.last_year, n.year, 0) DESC, n.id
  LIMIT $per_node
}
RETURN m.id AS source, n.id AS id, labels(n)[0] AS type,
       coalesce(n.name, n.title, n.id) AS label, type(r) AS rel,
       coalesce(r.weight, 1) AS weight, coalesce(r.last_year, n.year) AS year
UNION ALL
UNWIND $ids AS id
MATCH (m:Paper {id: id})
CALL {
  WITH m
  MATCH (m)-[r]-(n)
  WHERE type(r) IN $rel_types AND labels(n)[0] IN $types AND NOT n.id IN $skip
    AND coalesce(r.last_year, n.year, $since) >= $since
  RETURN r, n
  ORDER BY coalesce(r.weight, 1) DESC, coalesce(r.last_year, n.year, 0) DESC, n.id
  LIMIT $per_node
}
RETURN m.id AS source, n.id AS id, labels(n)[0] AS type,
       coalesce(n.name, n.title, n.id) AS label, type(r) AS rel,
       coalesce(r.weight, 1) AS weight, coalesce(r.last_year, n.year) AS year
UNION ALL
UNWIND $ids AS id
MATCH (m:Topic {id: id})
CALL {
  WITH m
  MATCH (m)-[r]-(n)
  WHERE type(r) IN $rel_types AND labels(n)[0] IN $types AND NOT n.id IN $skip
    AND coalesce(r.last_year, n.year, $since) >= $since
  RETURN r, n
  ORDER BY coalesce(r.weight, 1) DESC, coalesce(r.last_year, n.year, 0) DESC, n.id
  LIMIT $per_node
}
RETURN m.id AS source, n.id AS id, labels(n)[0] AS type,
       coalesce(n.name, n.title, n.id) AS label, type(r) AS rel,
       coalesce(r.weight, 1) AS weight, coalesce(r.last_year, n.year) AS year
UNION ALL
UNWIND $ids AS id
MATCH (m:Institution {id: id})
CALL {
  WITH m
  MATCH (m)-[r]-(n)
  WHERE type(r) IN $rel_types AND labels(n)[0] IN $types AND NOT n.id IN $skip
    AND coalesce(r.last_year, n.year, $since) >= $since
  RETURN r, n
  ORDER BY coalesce(r.weight, 1) DESC, coalesce(r.last_year, n.year, 0) DESC, n.id
  LIMIT $per_node
}
RETURN m.id AS source, n.id AS id, labels(n)[0] AS type,
       coalesce(n.name, n.title, n.id) AS label, type(r) AS rel,
       coalesce(r.weight, 1) AS weight, coalesce(r.last_year, n.year) AS year
