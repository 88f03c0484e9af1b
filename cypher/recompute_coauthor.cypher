// CO_AUTHOR from AUTHORED for the given authors: weight = joint papers, first and last year,
// topic_overlap = Jaccard of the two authors' main topics (Author.topics: run author_topics
// first). One edge per pair, directed from the smaller id to the larger; read it undirected.
// Returns the ends of every edge created or changed (any property; for the hub refresh).
// (Collected, not filtered: FalkorDB skips the writes of rows a WHERE after them drops.)
UNWIND $ids AS id
MATCH (a:Author {id: id})-[:AUTHORED]->(p:Paper)<-[:AUTHORED]-(b:Author)
WHERE a <> b
WITH a, b, count(DISTINCT p) AS weight, min(p.year) AS first_year, max(p.year) AS last_year
WITH CASE WHEN a.id < b.id THEN a ELSE b END AS x,
     CASE WHEN a.id < b.id THEN b ELSE a END AS y,
     weight, first_year, last_year
WITH x, y, weight, first_year, last_year,
     coalesce(x.topics, []) AS xt, coalesce(y.topics, []) AS yt
WITH x, y, weight, first_year, last_year, xt, yt, size([t IN xt WHERE t IN yt]) AS shared
WITH x, y, weight, first_year, last_year,
     CASE WHEN shared = 0 THEN 0.0
          ELSE toFloat(shared) / (size(xt) + size(yt) - shared) END AS topic_overlap
MERGE (x)-[c:CO_AUTHOR]->(y)
WITH x, y, c, weight, first_year, last_year, topic_overlap,
     c.weight IS NULL OR c.weight <> weight
     OR coalesce(c.first_year, -1) <> coalesce(first_year, -1)
     OR coalesce(c.last_year, -1) <> coalesce(last_year, -1)
     OR coalesce(c.topic_overlap, -1.0) <> topic_overlap AS changed
SET c.weight = weight, c.first_year = first_year, c.last_year = last_year,
    c.topic_overlap = topic_overlap, c.stale = null
WITH collect(CASE WHEN changed THEN [x.id, y.id] END) AS pairs
UNWIND pairs AS pair
RETURN pair[0] AS a, pair[1] AS b
