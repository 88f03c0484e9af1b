// Institutions of the given ids that no author is affiliated with any more are removed.
UNWIND $ids AS id
MATCH (i:Institution {id: id})
WHERE NOT ()-[:AFFILIATED_WITH]->(i)
DETACH DELETE i
RETURN id
