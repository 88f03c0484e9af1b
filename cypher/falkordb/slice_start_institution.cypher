// FalkorDB variant of cypher/slice_start_institution.cypher: the lists joined into one string each
// ($rec, ','): the client decodes every returned value separately (~7 us each).
// The start of a slice in one round trip, for a centre with label Institution: the node (with its hub
// data, see refresh_hubs in queries/slice.py) and, when it is not a hub, its first ring (at
// most $per_node neighbours in priority order, filtered like slice_ring: one packed string per
// neighbour), its neighbours per label (`Label:count`, filtered like slice_degree, minus $skip)
// and, when $edges (depth 1), every edge among the centre and that ring (packed like
// slice_edges; non-hub nodes are expanded, hubs only joined pairwise). A hub gets an empty ring:
// it comes from its stored top list (no expansion here).
// One file per label: branches for the other labels cost ~0.1 ms each even with no rows.
MATCH (m:Institution {id: $id})
CALL {
  WITH m
  WITH m WHERE m.slice_top IS NULL
  MATCH (m)-[r]-(n)
  WHERE type(r) IN $rel_types AND labels(n)[0] IN $types AND NOT n.id IN $skip
    AND coalesce(r.last_year, n.year, $since) >= $since
  WITH m, r, n
  ORDER BY coalesce(r.weight, 1) DESC, coalesce(r.last_year, n.year, 0) DESC, n.id
  RETURN collect(m.id + $sep + n.id + $sep + labels(n)[0] + $sep + type(r) + $sep +
         toString(coalesce(r.weight, 1)) + $sep + coalesce(toString(coalesce(r.last_year, n.year)), '') +
         $sep + CASE WHEN n.slice_top IS NULL THEN '0' ELSE '1' END + $sep +
         coalesce(n.name, n.title, n.id)) AS rows, collect(DISTINCT n) AS ns,
         collect(n)[0..$per_node] AS ring
}
CALL {
  WITH m, ring
  WITH m, ring WHERE $edges AND m.slice_top IS NULL
  WITH ring + [m] AS every, [x IN ring WHERE x.slice_top IS NULL] + [m] AS small
  UNWIND small AS a
  MATCH (a)-[e]-(b)
  WHERE type(e) IN $rel_types AND b IN every
  RETURN collect(startNode(e).id + $sep + endNode(e).id + $sep + type(e) + $sep +
         toString(CASE type(e) WHEN 'SIMILAR_TO' THEN coalesce(e.weight, e.score, 1)
                  ELSE coalesce(e.weight, 1) END)) AS small_edges
}
CALL {
  WITH ring
  WITH [x IN ring WHERE x.slice_top IS NOT NULL] AS hubs WHERE $edges
  UNWIND hubs AS x
  UNWIND hubs AS y
  WITH x, y WHERE x.id < y.id
  MATCH (x)-[e]-(y)
  WHERE type(e) IN $rel_types
  RETURN collect(startNode(e).id + $sep + endNode(e).id + $sep + type(e) + $sep +
         toString(CASE type(e) WHEN 'SIMILAR_TO' THEN coalesce(e.weight, e.score, 1)
                  ELSE coalesce(e.weight, 1) END)) AS hub_edges
}
RETURN m.id AS id, labels(m)[0] AS type, coalesce(m.name, m.title, m.id) AS label,
       m.year AS year, m.slice_top AS top, m.slice_degree AS degree, m.slice_edges AS edges,
       string.join(rows[0..$per_node], $rec) AS ring,
       string.join([t IN $types | t + ':' + toString(size([x IN ns WHERE labels(x)[0] = t]))], ',') AS counts,
       string.join(small_edges + hub_edges, $rec) AS ring_edges
