// Claims filed on an author, newest first.
MATCH (a:Author {id: $id})<-[:CLAIMS]-(c:Claim)
RETURN c.id AS id, c.status AS status, c.user AS user, c.orcid AS orcid,
       c.requested_at AS requested_at, c.decided_at AS decided_at, c.decided_by AS decided_by
ORDER BY c.requested_at DESC, c.id
