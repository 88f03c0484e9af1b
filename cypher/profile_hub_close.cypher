// profile_close_collaborators for many authors in one round trip: each author's first $limit
// close collaborators (at least $close_min joint papers), in the same order.
UNWIND $ids AS aid
MATCH (a:Author {id: aid})
CALL {
  WITH a
  MATCH (a)-[c:CO_AUTHOR]-(:Author)
  WITH a, max(c.last_year) AS ref
  MATCH (a)-[c:CO_AUTHOR]-(b:Author)
  WHERE c.weight >= $close_min
  WITH b, c, c.weight * ($year_decay ^ coalesce(ref - c.last_year, 0)) AS strength,
       coalesce(c.topic_overlap, 0.0) AS topic_overlap
  ORDER BY strength DESC, topic_overlap DESC, b.id
  LIMIT $limit
  RETURN b.id AS id, b.name AS name, c.weight AS joint_papers,
         c.first_year AS first_year, c.last_year AS last_year, strength
}
RETURN a.id AS author, id, name, joint_papers, first_year, last_year, strength
