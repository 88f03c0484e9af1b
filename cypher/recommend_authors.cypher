// Every author with name, open-to-collaborate flag, paper count and last active year (index build).
MATCH (a:Author)
OPTIONAL MATCH (a)-[:AUTHORED]->(p:Paper)
RETURN a.id AS id, a.name AS name, a.open_to_collaborate AS open,
       count(p) AS papers, max(p.year) AS last_year
