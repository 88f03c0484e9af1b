// Drop the outgoing SIMILAR_TO edges of the given papers (their top k is rewritten).
UNWIND $rows AS row
MATCH (p:Paper {id: row.id})-[r:SIMILAR_TO]->(:Paper)
DELETE r
