// One topic with its number of works and of years covered.
MATCH (t:Topic {id: $id})
OPTIONAL MATCH (t)<-[:HAS_TOPIC]-(p:Paper)
RETURN t.id AS id, t.name AS name, count(p) AS works, min(p.year) AS first_year,
       max(p.year) AS last_year
