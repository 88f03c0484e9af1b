// An author with counts of works, co-authors and topics, and their affiliations.
MATCH (a:Author {id: $id})
OPTIONAL MATCH (a)-[:AUTHORED]->(p:Paper)
WITH a, count(p) AS works, min(p.year) AS first_year, max(p.year) AS last_year
OPTIONAL MATCH (a)-[:CO_AUTHOR]-(c:Author)
WITH a, works, first_year, last_year, count(c) AS coauthors
OPTIONAL MATCH (a)-[aff:AFFILIATED_WITH]->(i:Institution)
RETURN a.id AS id, a.name AS name, a.name_variants AS name_variants,
       works, first_year, last_year, coauthors,
       [x IN collect({id: i.id, name: i.name, first_year: aff.first_year,
                      last_year: aff.last_year}) WHERE x.id IS NOT NULL] AS affiliations
