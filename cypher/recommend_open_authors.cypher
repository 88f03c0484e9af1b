// The authors marked open to collaborate (few: read again whenever the social version changes).
MATCH (a:Author)
WHERE a.open_to_collaborate = true
RETURN a.id AS id
