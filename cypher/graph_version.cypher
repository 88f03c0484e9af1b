// In one round trip: the graph's version counter, bumped by every load (absent on graphs loaded
// before it existed), the run of the last load (with the counter, it tells two graphs apart
// after a wipe), and the social version, bumped by every open-to-collaborate change.
OPTIONAL MATCH (m:Meta)
WHERE m.id = 'graph'
OPTIONAL MATCH (s:Meta)
WHERE s.id = 'social'
RETURN m.version AS version, m.last_load_run AS run, s.version AS social
