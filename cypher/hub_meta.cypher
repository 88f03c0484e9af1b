// The state of the stored hub data (queries/hub_refresh.py): the parameters of the last hub
// refresh, and the run of a write not refreshed since (null when the hub data is current).
OPTIONAL MATCH (m:Meta)
WHERE m.id = 'hubs'
RETURN m IS NOT NULL AS present, m.pending AS pending, m.min_degree AS min_degree,
       m.keep AS keep, m.edge_keep AS edge_keep
