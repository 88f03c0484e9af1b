// CO_AUTHOR edges still marked after the recompute no longer have a joint paper.
UNWIND $ids AS id
MATCH (a:Author {id: id})-[c:CO_AUTHOR]-(:Author)
WHERE c.stale = $run
DELETE c
