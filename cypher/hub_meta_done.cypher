// After a hub refresh: the stored hub data is current, built with these parameters.
MERGE (m:Meta {id: 'hubs'})
SET m.pending = null, m.min_degree = $min_degree, m.keep = $keep, m.edge_keep = $edge_keep,
    m.refresh_run = $run
