// Before a load writes: its changes are not in the stored hub data yet (see
// queries/hub_refresh.py). The first writer's run is kept until a hub refresh clears it.
MERGE (m:Meta {id: 'hubs'})
SET m.pending = coalesce(m.pending, $run)
