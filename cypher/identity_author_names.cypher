// The names as written of the authors in the given name blocks: per author and name, how many
// mentions, the ORCIDs and source ids given with them, and how many carry neither. What
// `graphsvc upgrade --identity` needs to cut the graph into groups that resolve on their own.
UNWIND $blocks AS block
MATCH (a:Author {block_key: block})-[r:AUTHORED]->(:Paper)
WITH a, coalesce(r.name, a.name) AS name, r
RETURN a.id AS author, a.block_key AS block, name, count(r) AS mentions,
       collect(DISTINCT r.orcid) AS orcids, collect(DISTINCT r.source_author_id) AS source_ids,
       count(CASE WHEN r.orcid IS NULL AND r.source_author_id IS NULL THEN 1 END) AS bare
