// Every CO_AUTHOR edge once (stored smaller id -> larger id) with its joint-paper count.
MATCH (a:Author)-[c:CO_AUTHOR]->(b:Author)
RETURN a.id AS a, b.id AS b, c.weight AS weight
