// Hub candidates: authors, topics and institutions with at least $min_degree edges, and
// nodes holding hub data (to refresh or clear). Papers are never hubs in this model.
MATCH (m:Author)
WITH m, COUNT { (m)--() } AS degree
WHERE degree >= $min_degree OR m.slice_top IS NOT NULL
RETURN m.id AS id, degree
UNION ALL
MATCH (m:Topic)
WITH m, COUNT { (m)--() } AS degree
WHERE degree >= $min_degree OR m.slice_top IS NOT NULL
RETURN m.id AS id, degree
UNION ALL
MATCH (m:Institution)
WITH m, COUNT { (m)--() } AS degree
WHERE degree >= $min_degree OR m.slice_top IS NOT NULL
RETURN m.id AS id, degree
