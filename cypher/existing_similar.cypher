// Every paper that has SIMILAR_TO edges: how many, and the lowest score among them (its k-th
// best when it has k). A new paper enters its top k only by scoring at least that.
MATCH (p:Paper)-[r:SIMILAR_TO]->(:Paper)
RETURN p.id AS id, count(r) AS edges, min(r.score) AS kth
