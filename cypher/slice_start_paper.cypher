// The start of a slice in one round trip, for a centre with label Paper: the node (with its hub
// data, see refresh_hubs in queries/slice.py) and, when it is not a hub, its first ring (at
// most $per_node neighbours in priority order, filtered like slice_ring: one packed string per
// neighbour) and its neighbours per label (`Label:count`, filtered like slice_degree, minus
// $skip). A hub gets an empty ring: it comes from its stored top list (no expansion here).
// One file per label: branches for the other labels cost ~0.1 ms each even with no rows.
MATCH (m:Paper {id: $id})
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
         coalesce(n.name, n.title, n.id)) AS rows, collect(DISTINCT n) AS ns
}
RETURN m.id AS id, labels(m)[0] AS type, coalesce(m.name, m.title, m.id) AS label,
       m.year AS year, m.slice_top AS top, m.slice_degree AS degree, m.slice_edges AS edges,
       rows[0..$per_node] AS ring,
       [t IN $types | t + ':' + toString(size([x IN ns WHERE labels(x)[0] = t]))] AS counts
