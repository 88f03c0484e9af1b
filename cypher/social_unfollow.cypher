// A user stops following an author. The author's degree drops, which may end it being a hub:
// the next load refreshes every hub (see queries/hub_refresh.py).
MATCH (u:User {id: $user})-[f:FOLLOWS]->(a:Author {id: $id})
DELETE f
WITH a
MERGE (m:Meta {id: 'hubs'})
SET m.pending = coalesce(m.pending, 'unfollow')
RETURN a.id AS id
