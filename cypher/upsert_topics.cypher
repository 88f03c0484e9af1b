// One row per (paper, topic): the Topic node and the HAS_TOPIC edge. Returns the topics whose
// name changed.
// (Collected, not filtered: FalkorDB skips the writes of rows a WHERE after them drops.)
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})
MERGE (t:Topic {id: row.topic})
WITH p, t, row, t.name AS old
SET t.name = row.name
MERGE (p)-[:HAS_TOPIC]->(t)
WITH collect(DISTINCT CASE WHEN old IS NOT NULL AND old <> row.name THEN t.id END) AS ids
UNWIND ids AS id
RETURN id
