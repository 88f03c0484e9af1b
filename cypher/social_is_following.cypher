// Whether one user follows one author (0 or 1).
MATCH (u:User {id: $user})-[:FOLLOWS]->(a:Author {id: $id})
RETURN count(a) AS following
