// One row per (new paper, topic): the Topic node (merged) and a created HAS_TOPIC edge (the
// paper was created in this batch, so it has none yet).
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})
MERGE (t:Topic {id: row.topic})
SET t.name = row.name
CREATE (p)-[:HAS_TOPIC]->(t)
