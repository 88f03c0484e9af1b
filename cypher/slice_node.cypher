// Slice nodes by id (one id list per label, from the id prefix), with the packed hub data
// (slice_top, slice_degree, slice_edges; see refresh_hubs in queries/slice.py) when the node is a hub.
UNWIND $author_ids AS id
MATCH (n:Author {id: id})
RETURN n.id AS id, labels(n)[0] AS type, coalesce(n.name, n.title, n.id) AS label,
       n.year AS year, n.slice_top AS top, n.slice_degree AS degree,
       n.slice_edges AS edges
UNION ALL
UNWIND $paper_ids AS id
MATCH (n:Paper {id: id})
RETURN n.id AS id, labels(n)[0] AS type, coalesce(n.name, n.title, n.id) AS label,
       n.year AS year, n.slice_top AS top, n.slice_degree AS degree,
       n.slice_edges AS edges
UNION ALL
UNWIND $topic_ids AS id
MATCH (n:Topic {id: id})
RETURN n.id AS id, labels(n)[0] AS type, coalesce(n.name, n.title, n.id) AS label,
       n.year AS year, n.slice_top AS top, n.slice_degree AS degree,
       n.slice_edges AS edges
UNION ALL
UNWIND $institution_ids AS id
MATCH (n:Institution {id: id})
RETURN n.id AS id, labels(n)[0] AS type, coalesce(n.name, n.title, n.id) AS label,
       n.year AS year, n.slice_top AS top, n.slice_degree AS degree,
       n.slice_edges AS edges
