// Every paper's id, title and abstract in id order (the corpus for SIMILAR_TO).
MATCH (p:Paper)
RETURN p.id AS id, p.title AS title, p.abstract AS abstract
ORDER BY id
