// One row per (paper, similar paper): SIMILAR_TO with the TF-IDF cosine and its rank. Run
// after delete_similar_from for the same papers, so no edge of theirs is left to MERGE with.
UNWIND $rows AS row
MATCH (a:Paper {id: row.source})
MATCH (b:Paper {id: row.target})
CREATE (a)-[:SIMILAR_TO {score: row.score, rank: row.rank}]->(b)
