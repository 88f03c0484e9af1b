// Every edge between the given nodes (followed outgoing from each, so hubs stay cheap).
UNWIND $ids AS id
MATCH (m:Author {id: id})-[r]->(n)
WHERE n.id IN $ids AND type(r) IN $rel_types
RETURN m.id AS source, n.id AS target, type(r) AS rel, coalesce(r.weight, 1) AS weight
UNION ALL
UNWIND $ids AS id
MATCH (m:Paper {id: id})-[r]->(n)
WHERE n.id IN $ids AND type(r) IN $rel_types
RETURN m.id AS source, n.id AS target, type(r) AS rel, coalesce(r.weight, 1) AS weight
UNION ALL
UNWIND $ids AS id
MATCH (m:Topic {id: id})-[r]->(n)
WHERE n.id IN $ids AND type(r) IN $rel_types
RETURN m.id AS source, n.id AS target, type(r) AS rel, coalesce(r.weight, 1) AS weight
UNION ALL
UNWIND $ids AS id
MATCH (m:Institution {id: id})-[r]->(n)
WHERE n.id IN $ids AND type(r) IN $rel_types
RETURN m.id AS source, n.id AS target, type(r) AS rel, coalesce(r.weight, 1) AS weight
