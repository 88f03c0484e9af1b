// A user stops following an author.
MATCH (u:User {id: $user})-[f:FOLLOWS]->(a:Author {id: $id})
DELETE f
RETURN a.id AS id
