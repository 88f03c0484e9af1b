// How many papers appeared each year?
MATCH (p:Paper)
RETURN p.year AS year, count(p) AS papers
ORDER BY year
