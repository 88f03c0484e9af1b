// Every node holding hub data (the hubs of the last refresh; see slice_hub_find).
MATCH (m:Author)
WHERE m.slice_top IS NOT NULL
RETURN m.id AS id
UNION ALL
MATCH (m:Topic)
WHERE m.slice_top IS NOT NULL
RETURN m.id AS id
UNION ALL
MATCH (m:Institution)
WHERE m.slice_top IS NOT NULL
RETURN m.id AS id
