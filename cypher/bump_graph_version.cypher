// After every load: bump the graph's version so caches built from the graph know to rebuild.
MERGE (m:Meta {id: 'graph'})
SET m.version = coalesce(m.version, 0) + 1, m.last_load_run = $run
RETURN m.version AS version
