// Mark an author open (or not) to collaborate, and bump the social version: the recommendation
// index re-reads the open flags when it changes (queries/recommend.py), without a rebuild.
MATCH (a:Author {id: $id})
SET a.open_to_collaborate = $value, a.open_to_collaborate_at = $now
WITH a
MERGE (m:Meta {id: 'social'})
SET m.version = coalesce(m.version, 0) + 1
RETURN a.id AS id, a.open_to_collaborate AS open_to_collaborate
