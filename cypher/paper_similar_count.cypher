// How many similar papers a paper lists (no row when the paper does not exist).
MATCH (p:Paper {id: $id})
OPTIONAL MATCH (p)-[s:SIMILAR_TO]->(:Paper)
RETURN p.id AS id, count(s) AS count
