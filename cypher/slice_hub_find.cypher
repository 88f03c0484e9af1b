// Hub candidates: authors, topics and institutions with at least $min_degree edges (one pass
// over the edges; indegree()/outdegree() per node measured far slower on 700k authors), and
// nodes holding hub data (degree 0 here: refreshed or cleared by the caller).
// Papers are never hubs in this model.
MATCH (m:Author)-[r]-()
WITH m, count(r) AS degree
WHERE degree >= $min_degree
RETURN m.id AS id, degree
UNION ALL
MATCH (m:Topic)<-[r]-()
WITH m, count(r) AS degree
WHERE degree >= $min_degree
RETURN m.id AS id, degree
UNION ALL
MATCH (m:Institution)<-[r]-()
WITH m, count(r) AS degree
WHERE degree >= $min_degree
RETURN m.id AS id, degree
UNION ALL
MATCH (m:Author)
WHERE m.slice_top IS NOT NULL
RETURN m.id AS id, 0 AS degree
UNION ALL
MATCH (m:Topic)
WHERE m.slice_top IS NOT NULL
RETURN m.id AS id, 0 AS degree
UNION ALL
MATCH (m:Institution)
WHERE m.slice_top IS NOT NULL
RETURN m.id AS id, 0 AS degree
