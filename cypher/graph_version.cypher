// The graph's version counter, bumped by every load (absent on graphs loaded before it existed),
// and the run of the last load (with the counter, it tells two graphs apart after a wipe).
MATCH (m:Meta)
WHERE m.id = 'graph'
RETURN m.version AS version, m.last_load_run AS run
