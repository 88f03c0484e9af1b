// The names of the given topics.
UNWIND $ids AS id
MATCH (t:Topic {id: id})
RETURN t.id AS id, t.name AS name
