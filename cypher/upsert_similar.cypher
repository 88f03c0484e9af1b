// One row per (paper, similar paper): SIMILAR_TO with the TF-IDF cosine and its rank.
UNWIND $rows AS row
MATCH (a:Paper {id: row.source})
MATCH (b:Paper {id: row.target})
MERGE (a)-[r:SIMILAR_TO]->(b)
SET r.score = row.score, r.rank = row.rank
