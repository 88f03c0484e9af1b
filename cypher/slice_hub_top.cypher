// The packed top neighbours of hub nodes (see refresh_hubs in queries/slice.py).
UNWIND $author_ids AS id
MATCH (m:Author {id: id})
RETURN m.id AS source, m.slice_top AS top
UNION ALL
UNWIND $paper_ids AS id
MATCH (m:Paper {id: id})
RETURN m.id AS source, m.slice_top AS top
UNION ALL
UNWIND $topic_ids AS id
MATCH (m:Topic {id: id})
RETURN m.id AS source, m.slice_top AS top
UNION ALL
UNWIND $institution_ids AS id
MATCH (m:Institution {id: id})
RETURN m.id AS source, m.slice_top AS top
