// One row per (new paper, topic): the Topic node (merged) and a created HAS_TOPIC edge (the
// paper was created in this batch, so it has none yet). Returns the topics whose name changed.
// (Collected, not filtered: FalkorDB skips the writes of rows a WHERE after them drops.)
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})
MERGE (t:Topic {id: row.topic})
WITH p, t, row, t.name AS old
SET t.name = row.name
CREATE (p)-[:HAS_TOPIC]->(t)
WITH collect(DISTINCT CASE WHEN old IS NOT NULL AND old <> row.name THEN t.id END) AS ids
UNWIND ids AS id
RETURN id
