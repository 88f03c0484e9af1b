// How many papers have 1, 2, 3... authors?
MATCH (p:Paper)<-[:AUTHORED]-(a:Author)
WITH p, count(a) AS team
RETURN team, count(p) AS papers
ORDER BY team
