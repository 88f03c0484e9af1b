// Every topic's id and name (recommendation reasons).
MATCH (t:Topic)
RETURN t.id AS id, t.name AS name
