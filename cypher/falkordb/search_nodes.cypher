// Full-text candidates of one label (RediSearch query syntax), with their degree for prominence.
// Hubs (slice_degree stored by refresh_hubs, e.g. a topic with 30k papers) are not counted
// here (hundreds of ms): the caller sums their stored per-label degree (packed_degree).
CALL db.idx.fulltext.queryNodes($label, $query) YIELD node, score
WITH node, score
ORDER BY score DESC, node.id
LIMIT $limit
CALL {
  WITH node
  WITH node WHERE node.slice_degree IS NULL
  OPTIONAL MATCH (node)-[r]-()
  RETURN count(r) AS degree
}
RETURN node.id AS id, coalesce(node.name, node.title, node.id) AS label,
       node.name_variants AS variants, node.aliases AS aliases, node.year AS year,
       score, degree, node.slice_degree AS packed_degree
