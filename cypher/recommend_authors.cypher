// Every author's id, name, identity block and open-to-collaborate flag (recommendation index
// build).
MATCH (a:Author)
RETURN a.id AS id, a.name AS name, a.block_key AS block, a.open_to_collaborate AS open
