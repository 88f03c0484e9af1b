// An author's co-authors by tie strength, paged. strength = joint papers x
// $year_decay ^ (years from the tie's last joint paper to $ref, the author's latest one:
// author_ties_head); ties are broken by topic_overlap (Jaccard of the two authors' main
// topics (Author.topics)), then id.
MATCH (a:Author {id: $id})-[c:CO_AUTHOR]-(b:Author)
WITH a, b, c, c.weight * ($year_decay ^ coalesce($ref - c.last_year, 0)) AS strength,
     coalesce(c.topic_overlap, 0.0) AS topic_overlap
ORDER BY strength DESC, topic_overlap DESC, b.id
SKIP $skip
LIMIT $limit
RETURN b.id AS id, b.name AS name, c.weight AS joint_papers, c.first_year AS first_year,
       c.last_year AS last_year, strength, topic_overlap,
       [t IN coalesce(a.topics, []) WHERE t IN coalesce(b.topics, [])] AS shared_topics
