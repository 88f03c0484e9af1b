// Which of the given author ids are taken.
UNWIND $ids AS id
MATCH (a:Author {id: id})
RETURN a.id AS id
