// How many authors the graph holds.
MATCH (a:Author)
RETURN count(a) AS n
