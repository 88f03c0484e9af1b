// The social version: bumped by every open-to-collaborate change (see social_open).
MATCH (m:Meta)
WHERE m.id = 'social'
RETURN m.version AS version
