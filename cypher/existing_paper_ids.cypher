// Which of the given paper ids are already in the graph.
UNWIND $ids AS id
MATCH (p:Paper {id: id})
RETURN p.id AS id
