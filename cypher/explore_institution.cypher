// One institution with its aliases and its affiliated authors (most recently seen first).
MATCH (i:Institution {id: $id})
OPTIONAL MATCH (a:Author)-[r:AFFILIATED_WITH]->(i)
WITH i, a, r
ORDER BY coalesce(r.last_year, 0) DESC, a.id
WITH i, count(a) AS authors,
     [x IN collect({id: a.id, name: a.name, first_year: r.first_year, last_year: r.last_year})
      WHERE x.id IS NOT NULL] AS members
RETURN i.id AS id, i.name AS name, i.aliases AS aliases, authors, members[0..$limit] AS members
