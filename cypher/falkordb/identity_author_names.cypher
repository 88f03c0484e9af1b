// FalkorDB variant of cypher/identity_author_names.cypher: the same rows packed into ONE string
// (rows joined by $row, fields by $sep in the RETURN order of the plain statement, list items by
// $rec), decoded by loaders.identity_groups: the client decodes every returned value separately,
// which took half of the pass over 200,000 generated papers' authors.
// string.join, not `+` (see cypher/falkordb/identity_block_mentions.cypher).
UNWIND $blocks AS block
MATCH (a:Author {block_key: block})-[r:AUTHORED]->(:Paper)
WITH a, coalesce(r.name, a.name) AS name, r
WITH a, name, count(r) AS mentions, collect(DISTINCT r.orcid) AS orcids,
     collect(DISTINCT r.source_author_id) AS source_ids,
     count(CASE WHEN r.orcid IS NULL AND r.source_author_id IS NULL THEN 1 END) AS bare
RETURN string.join(collect(string.join([
         a.id, a.block_key, name, toString(mentions), string.join(orcids, $rec),
         string.join(source_ids, $rec), toString(bare)
       ], $sep)), $row) AS packed
