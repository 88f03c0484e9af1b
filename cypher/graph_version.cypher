// The graph's version counter, bumped by every load (absent on graphs loaded before it existed).
MATCH (m:Meta)
WHERE m.id = 'graph'
RETURN m.version AS version
