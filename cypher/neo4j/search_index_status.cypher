// Build state of each full-text index ("ONLINE" when ready).
SHOW INDEXES YIELD name, type, state
WHERE type = 'FULLTEXT'
RETURN name AS label, state AS status
