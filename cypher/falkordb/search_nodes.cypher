// Full-text candidates of one label (RediSearch query syntax), with their degree for prominence.
CALL db.idx.fulltext.queryNodes($label, $query) YIELD node, score
WITH node, score
ORDER BY score DESC, node.id
LIMIT $limit
OPTIONAL MATCH (node)-[r]-()
RETURN node.id AS id, coalesce(node.name, node.title, node.id) AS label,
       node.name_variants AS variants, node.aliases AS aliases, node.year AS year,
       score, count(r) AS degree
