// profile_topics for many authors in one round trip: each author's rows in the same order.
UNWIND $ids AS aid
MATCH (a:Author {id: aid})
CALL {
  WITH a
  MATCH (a)-[:AUTHORED]->(p:Paper)-[:HAS_TOPIC]->(t:Topic)
  RETURN t.id AS id, t.name AS name, count(DISTINCT p) AS works
  ORDER BY works DESC, id
}
RETURN a.id AS author, id, name, works
