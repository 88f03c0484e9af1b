// A user files a pending claim on an author record.
MATCH (a:Author {id: $id})
MERGE (u:User {id: $user})
CREATE (u)-[:FILED]->(c:Claim {id: $claim, status: 'pending', user: $user, requested_at: $now})-[:CLAIMS]->(a)
SET c.orcid = $orcid, c.note = $note
RETURN c.id AS id, c.status AS status, c.user AS user, c.orcid AS orcid, c.requested_at AS requested_at
