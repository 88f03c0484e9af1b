// FalkorDB variant of cypher/slice_edges.cypher: the same rows, joined into one string per
// branch (separated by $rec): the Python client decodes each returned value separately
// (~7 us each), so 1 value instead of thousands is most of a dense slice's time.
// Every edge between the given nodes (one id list per label). Each edge type is followed from
// the side with the smaller fan-out: AUTHORED from the paper (few authors), not the author.
// One packed string per edge (source, target, type, weight; separated by $sep): the client
// parses each returned value separately, so 1 value per row instead of 4 saves most of the time.
// CO_AUTHOR is followed from the non-hub authors only ($small_author_ids, both directions;
// an edge between two of them is returned from the smaller id only);
// between two hubs it is checked pair by pair (expand-into), never by scanning a hub's edges.
// `WITH m` keeps FalkorDB from planning `n.id IN $list` as a scan of every node.
UNWIND $small_author_ids AS id
MATCH (m:Author {id: id})
WITH m
MATCH (m)-[r:CO_AUTHOR]-(n)
WHERE n.id IN $author_ids AND (m.id < n.id OR NOT n.id IN $small_author_ids)
RETURN string.join(collect(startNode(r).id + $sep + endNode(r).id + $sep + type(r) + $sep + toString(coalesce(r.weight, 1))), $rec) AS e
UNION ALL
UNWIND $hub_author_ids AS id
MATCH (m:Author {id: id})
WITH collect(m) AS hubs
UNWIND hubs AS m
UNWIND hubs AS n
WITH m, n
WHERE m.id < n.id
MATCH (m)-[r:CO_AUTHOR]-(n)
RETURN string.join(collect(startNode(r).id + $sep + endNode(r).id + $sep + type(r) + $sep + toString(coalesce(r.weight, 1))), $rec) AS e
UNION ALL
UNWIND $author_ids AS id
MATCH (m:Author {id: id})
WITH m
MATCH (m)-[r:AFFILIATED_WITH]->(n)
WHERE n.id IN $institution_ids
RETURN string.join(collect(m.id + $sep + n.id + $sep + type(r) + $sep + toString(coalesce(r.weight, 1))), $rec) AS e
UNION ALL
UNWIND $paper_ids AS id
MATCH (m:Paper {id: id})
WITH m
MATCH (m)<-[r:AUTHORED]-(n)
WHERE n.id IN $author_ids
RETURN string.join(collect(n.id + $sep + m.id + $sep + type(r) + $sep + toString(coalesce(r.weight, 1))), $rec) AS e
UNION ALL
UNWIND $paper_ids AS id
MATCH (m:Paper {id: id})
WITH m
MATCH (m)-[r:HAS_TOPIC]->(n)
WHERE n.id IN $topic_ids
RETURN string.join(collect(m.id + $sep + n.id + $sep + type(r) + $sep + toString(coalesce(r.weight, 1))), $rec) AS e
UNION ALL
UNWIND $paper_ids AS id
MATCH (m:Paper {id: id})
WITH m
MATCH (m)-[r:SIMILAR_TO]->(n)
WHERE n.id IN $paper_ids
RETURN string.join(collect(m.id + $sep + n.id + $sep + type(r) + $sep + toString(coalesce(r.weight, r.score, 1))), $rec) AS e
