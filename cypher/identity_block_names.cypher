// The names, as written, of every mention in the given name blocks. An incremental load reads
// the blocks of its surnames that it does not resolve, so that identity resolution judges how
// common a surname is (its distinct first names) from the whole graph, as one load would.
UNWIND $blocks AS block
MATCH (a:Author {block_key: block})-[r:AUTHORED]->(:Paper)
RETURN DISTINCT coalesce(r.name, a.name) AS name
