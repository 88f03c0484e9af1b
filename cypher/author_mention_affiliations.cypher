// Every affiliation each of these authors was written with, with the paper's year
// (AFFILIATED_WITH is rebuilt from them after mentions moved between authors).
UNWIND $ids AS id
MATCH (a:Author {id: id})-[r:AUTHORED]->(p:Paper)
WHERE size(r.affiliations) > 0
RETURN a.id AS author, r.affiliations AS affiliations, p.year AS year
