// Which of the given author ids are taken: by an author with at least one AUTHORED edge (an
// Author node without any, left by a load killed between writing authors and their edges, is
// free: the load that assigns its id again MERGEs onto it).
UNWIND $ids AS id
MATCH (a:Author {id: id})
WHERE (a)-[:AUTHORED]->()
RETURN a.id AS id
