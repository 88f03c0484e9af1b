// The name blocks of all authors of each given paper: `graphsvc upgrade --identity` resolves
// the authors of a paper whose author list it may cut, or that an override names, together.
UNWIND $papers AS pid
MATCH (p:Paper {id: pid})<-[:AUTHORED]-(a:Author)
RETURN p.id AS paper, collect(DISTINCT a.block_key) AS blocks
