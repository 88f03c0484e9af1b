// The strongest neighbours of each given node (per_node at most), any main label.
UNWIND $ids AS id
MATCH (m:Author {id: id})
CALL {
  WITH m
  MATCH (m)-[r]-(n)
  WHERE type(r) IN $rel_types
  RETURN r, n
  ORDER BY coalesce(r.weight, 1) DESC, coalesce(r.last_year, n.year, 0) DESC, n.id
  LIMIT $per_node
}
RETURN m.id AS source, n.id AS id, labels(n)[0] AS type,
       coalesce(n.name, n.title, n.id) AS label, type(r) AS rel, startNode(r) = m AS outgoing,
       coalesce(r.weight, 1) AS weight, coalesce(r.last_year, n.year) AS year
UNION ALL
UNWIND $ids AS id
MATCH (m:Paper {id: id})
CALL {
  WITH m
  MATCH (m)-[r]-(n)
  WHERE type(r) IN $rel_types
  RETURN r, n
  ORDER BY coalesce(r.weight, 1) DESC, coalesce(r.last_year, n.year, 0) DESC, n.id
  LIMIT $per_node
}
RETURN m.id AS source, n.id AS id, labels(n)[0] AS type,
       coalesce(n.name, n.title, n.id) AS label, type(r) AS rel, startNode(r) = m AS outgoing,
       coalesce(r.weight, 1) AS weight, coalesce(r.last_year, n.year) AS year
UNION ALL
UNWIND $ids AS id
MATCH (m:Topic {id: id})
CALL {
  WITH m
  MATCH (m)-[r]-(n)
  WHERE type(r) IN $rel_types
  RETURN r, n
  ORDER BY coalesce(r.weight, 1) DESC, coalesce(r.last_year, n.year, 0) DESC, n.id
  LIMIT $per_node
}
RETURN m.id AS source, n.id AS id, labels(n)[0] AS type,
       coalesce(n.name, n.title, n.id) AS label, type(r) AS rel, startNode(r) = m AS outgoing,
       coalesce(r.weight, 1) AS weight, coalesce(r.last_year, n.year) AS year
UNION ALL
UNWIND $ids AS id
MATCH (m:Institution {id: id})
CALL {
  WITH m
  MATCH (m)-[r]-(n)
  WHERE type(r) IN $rel_types
  RETURN r, n
  ORDER BY coalesce(r.weight, 1) DESC, coalesce(r.last_year, n.year, 0) DESC, n.id
  LIMIT $per_node
}
RETURN m.id AS source, n.id AS id, labels(n)[0] AS type,
       coalesce(n.name, n.title, n.id) AS label, type(r) AS rel, startNode(r) = m AS outgoing,
       coalesce(r.weight, 1) AS weight, coalesce(r.last_year, n.year) AS year
