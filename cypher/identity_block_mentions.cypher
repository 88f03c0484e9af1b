// Every mention already in the graph whose author lies in one of the given name blocks,
// with the evidence identity resolution uses (co-author names, affiliations, topics, years,
// ids and the digest of an e-mail address).
UNWIND $blocks AS block
MATCH (a:Author {block_key: block})-[r:AUTHORED]->(p:Paper)
OPTIONAL MATCH (p)<-[r2:AUTHORED]-(co:Author)
WHERE co <> a
WITH a, r, p, collect(coalesce(r2.name, co.name)) AS coauthors
OPTIONAL MATCH (p)-[:HAS_TOPIC]->(t:Topic)
RETURN a.id AS author, coalesce(r.name, a.name) AS name, r.position AS position,
       p.id AS paper, p.year AS year, coauthors, collect(t.id) AS topics,
       r.affiliations AS affiliations, r.source_author_id AS source_id, r.orcid AS orcid,
       r.email_key AS email_key
