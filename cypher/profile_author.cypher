// One author's profile facts: names, counts, sources, affiliations, followers, social flags.
MATCH (a:Author {id: $id})
OPTIONAL MATCH (a)-[:AUTHORED]->(p:Paper)
WITH a, count(p) AS works, min(p.year) AS first_year, max(p.year) AS last_year,
     collect(DISTINCT coalesce(p.source, 'unknown')) AS sources
OPTIONAL MATCH (a)-[c:CO_AUTHOR]-(:Author)
WITH a, works, first_year, last_year, sources, count(c) AS coauthors,
     sum(CASE WHEN c.weight >= $close_min THEN 1 ELSE 0 END) AS close_collaborators
OPTIONAL MATCH (a)-[aff:AFFILIATED_WITH]->(i:Institution)
WITH a, works, first_year, last_year, sources, coauthors, close_collaborators,
     [x IN collect({id: i.id, name: i.name, first_year: aff.first_year,
                    last_year: aff.last_year}) WHERE x.id IS NOT NULL] AS affiliations
OPTIONAL MATCH (u:User)-[:FOLLOWS]->(a)
RETURN a.id AS id, a.name AS name, a.name_variants AS name_variants,
       works, first_year, last_year, sources, coauthors, close_collaborators, affiliations,
       count(u) AS followers, a.orcid AS orcid, a.merge_score AS merge_score,
       a.open_to_collaborate AS open_to_collaborate, a.claimed_by AS claimed_by
