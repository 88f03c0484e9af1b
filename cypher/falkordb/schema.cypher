// FalkorDB schema: a range index on each id. No unique constraints: see FalkorStore.setup_schema.
CREATE INDEX FOR (n:Author) ON (n.id);
CREATE INDEX FOR (n:Paper) ON (n.id);
CREATE INDEX FOR (n:Topic) ON (n.id);
CREATE INDEX FOR (n:Institution) ON (n.id);
CREATE INDEX FOR (n:Venue) ON (n.id);
CREATE INDEX FOR (n:Funder) ON (n.id);
CREATE INDEX FOR (n:Award) ON (n.id);
CREATE INDEX FOR (n:Paper) ON (n.year);
CREATE INDEX FOR (n:Author) ON (n.name_key);
CREATE INDEX FOR (n:Author) ON (n.block_key);
