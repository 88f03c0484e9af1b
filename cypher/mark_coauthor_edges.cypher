// Before recomputing CO_AUTHOR for some authors, mark their current edges with the run id.
UNWIND $ids AS id
MATCH (a:Author {id: id})-[c:CO_AUTHOR]-(:Author)
SET c.stale = $run
