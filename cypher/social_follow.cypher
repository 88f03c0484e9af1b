// A user follows an author (idempotent); returns nothing when the author is unknown.
MATCH (a:Author {id: $id})
MERGE (u:User {id: $user})
MERGE (u)-[f:FOLLOWS]->(a)
ON CREATE SET f.since = $now
RETURN a.id AS id
