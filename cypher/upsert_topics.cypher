// One row per (paper, topic): the Topic node and the HAS_TOPIC edge.
UNWIND $rows AS row
MATCH (p:Paper {id: row.paper})
MERGE (t:Topic {id: row.topic})
SET t.name = row.name
MERGE (p)-[:HAS_TOPIC]->(t)
