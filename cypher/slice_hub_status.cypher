// Of the given nodes, the ones that are hubs now (degree, counted as slice_hub_find counts it,
// at least $min_degree: authors every edge, topics and institutions incoming edges) or hold
// hub data (were hubs at the last refresh); the others give no row (queries/hub_refresh.py).
UNWIND $author_ids AS id
MATCH (m:Author {id: id})
WITH m
OPTIONAL MATCH (m)-[r]-()
WITH m, count(r) AS degree
WHERE degree >= $min_degree OR m.slice_top IS NOT NULL
RETURN m.id AS id, degree, m.slice_top IS NOT NULL AS stored
UNION ALL
UNWIND $topic_ids AS id
MATCH (m:Topic {id: id})
WITH m
OPTIONAL MATCH (m)<-[r]-()
WITH m, count(r) AS degree
WHERE degree >= $min_degree OR m.slice_top IS NOT NULL
RETURN m.id AS id, degree, m.slice_top IS NOT NULL AS stored
UNION ALL
UNWIND $institution_ids AS id
MATCH (m:Institution {id: id})
WITH m
OPTIONAL MATCH (m)<-[r]-()
WITH m, count(r) AS degree
WHERE degree >= $min_degree OR m.slice_top IS NOT NULL
RETURN m.id AS id, degree, m.slice_top IS NOT NULL AS stored
