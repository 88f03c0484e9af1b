// FalkorDB: index on User.id for follows and claims (explorer API; run by queries.profiles).
CREATE INDEX FOR (n:User) ON (n.id);
CREATE INDEX FOR (n:Claim) ON (n.id);
