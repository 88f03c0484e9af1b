// CO_AUTHOR edges still marked after the recompute no longer have a joint paper.
// Returns the ends of each deleted edge (for the hub refresh).
UNWIND $ids AS id
MATCH (a:Author {id: id})-[c:CO_AUTHOR]-(b:Author)
WHERE c.stale = $run
WITH a.id AS x, b.id AS y, c
DELETE c
RETURN x AS a, y AS b
