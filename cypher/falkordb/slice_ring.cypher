// FalkorDB variant of cypher/slice_ring.cypher: the same rows, joined into one string per
// branch (separated by $rec): the Python client decodes each returned value separately
// (~7 us each), so 1 value instead of thousands is most of a dense slice's time.
// The strongest neighbours of each given node (at most $per_node each), one id list per label.
// Filtered by neighbour label ($types), year ($since) and ids the caller has ($skip);
// the cap is applied per node inside CALL {}. Hubs are served from slice_hub_top instead.
// One packed row (separated by $sep: source, id, type, rel, weight, year, hub, label): the client
// parses every returned value separately, so one value per row is several times faster.
UNWIND $author_ids AS id
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
RETURN string.join(collect(m.id + $sep + n.id + $sep + labels(n)[0] + $sep + type(r) + $sep +
       toString(coalesce(r.weight, 1)) + $sep + coalesce(toString(coalesce(r.last_year, n.year)), '') +
       $sep + CASE WHEN n.slice_top IS NULL THEN '0' ELSE '1' END + $sep +
       coalesce(n.name, n.title, n.id)), $rec) AS row
UNION ALL
UNWIND $paper_ids AS id
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
RETURN string.join(collect(m.id + $sep + n.id + $sep + labels(n)[0] + $sep + type(r) + $sep +
       toString(coalesce(r.weight, 1)) + $sep + coalesce(toString(coalesce(r.last_year, n.year)), '') +
       $sep + CASE WHEN n.slice_top IS NULL THEN '0' ELSE '1' END + $sep +
       coalesce(n.name, n.title, n.id)), $rec) AS row
UNION ALL
UNWIND $topic_ids AS id
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
RETURN string.join(collect(m.id + $sep + n.id + $sep + labels(n)[0] + $sep + type(r) + $sep +
       toString(coalesce(r.weight, 1)) + $sep + coalesce(toString(coalesce(r.last_year, n.year)), '') +
       $sep + CASE WHEN n.slice_top IS NULL THEN '0' ELSE '1' END + $sep +
       coalesce(n.name, n.title, n.id)), $rec) AS row
UNION ALL
UNWIND $institution_ids AS id
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
RETURN string.join(collect(m.id + $sep + n.id + $sep + labels(n)[0] + $sep + type(r) + $sep +
       toString(coalesce(r.weight, 1)) + $sep + coalesce(toString(coalesce(r.last_year, n.year)), '') +
       $sep + CASE WHEN n.slice_top IS NULL THEN '0' ELSE '1' END + $sep +
       coalesce(n.name, n.title, n.id)), $rec) AS row
