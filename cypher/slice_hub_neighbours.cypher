// The neighbours among the hubs $hubs (nodes holding hub data, slice_top) of each given node,
// one id list per label.
// Only Author, Topic and Institution nodes are hubs (slice_hub_find), and a hub's stored data
// only looks through the explorer's edge types (queries.slice.REL_TYPES); of those, authors
// reach hubs through CO_AUTHOR and AFFILIATED_WITH, papers through AUTHORED and HAS_TOPIC,
// institutions through AFFILIATED_WITH; a topic's HAS_TOPIC edges only reach papers, never
// hubs (typed patterns: an untyped one reads every edge, several times slower).
// `WITH m` keeps FalkorDB from planning the neighbour as a scan of every node.
UNWIND $author_ids AS id
MATCH (m:Author {id: id})
WITH m
MATCH (m)-[:CO_AUTHOR|AFFILIATED_WITH]-(n)
WHERE n.slice_top IS NOT NULL AND n.id IN $hubs
RETURN m.id AS id, collect(DISTINCT n.id) AS hubs
UNION ALL
UNWIND $paper_ids AS id
MATCH (m:Paper {id: id})
WITH m
MATCH (m)-[:AUTHORED|HAS_TOPIC]-(n)
WHERE n.slice_top IS NOT NULL AND n.id IN $hubs
RETURN m.id AS id, collect(DISTINCT n.id) AS hubs
UNION ALL
UNWIND $institution_ids AS id
MATCH (m:Institution {id: id})
WITH m
MATCH (m)<-[:AFFILIATED_WITH]-(n)
WHERE n.slice_top IS NOT NULL AND n.id IN $hubs
RETURN m.id AS id, collect(DISTINCT n.id) AS hubs
