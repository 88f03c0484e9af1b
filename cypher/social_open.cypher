// Mark an author open (or not) to collaborate.
MATCH (a:Author {id: $id})
SET a.open_to_collaborate = $value, a.open_to_collaborate_at = $now
RETURN a.id AS id, a.open_to_collaborate AS open_to_collaborate
