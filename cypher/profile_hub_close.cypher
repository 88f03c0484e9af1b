// profile_close_collaborators for many authors in one round trip: each author's first $limit
// close collaborators (at least $close_min joint papers), in the same order.
UNWIND $ids AS aid
MATCH (a:Author {id: aid})
CALL {
  WITH a
  MATCH (a)-[c:CO_AUTHOR]-(b:Author)
  WHERE c.weight >= $close_min
  RETURN b.id AS id, b.name AS name, c.weight AS joint_papers,
         c.first_year AS first_year, c.last_year AS last_year
  ORDER BY joint_papers DESC, last_year DESC, id
  LIMIT $limit
}
RETURN a.id AS author, id, name, joint_papers, first_year, last_year
