// A curator approves or rejects a pending claim; approval links the claimant and their ORCID.
MATCH (a:Author {id: $id})<-[:CLAIMS]-(c:Claim)
WHERE c.id = $claim AND c.status = 'pending'
SET c.status = $status, c.decided_at = $now, c.decided_by = $curator,
    a.claimed_by = CASE WHEN $status = 'approved' THEN c.user ELSE a.claimed_by END,
    a.orcid = CASE WHEN $status = 'approved' AND a.orcid IS NULL THEN c.orcid ELSE a.orcid END
RETURN c.id AS id, c.status AS status, c.user AS user, c.orcid AS orcid,
       c.requested_at AS requested_at, c.decided_at AS decided_at, c.decided_by AS decided_by
