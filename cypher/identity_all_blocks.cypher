// Every name block of the graph's authors: `graphsvc upgrade --identity` resolves them all again.
MATCH (a:Author)
RETURN DISTINCT a.block_key AS block
