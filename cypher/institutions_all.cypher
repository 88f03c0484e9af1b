// Every institution with its aliases, in id order (seeds institution resolution).
MATCH (i:Institution)
RETURN i.id AS id, i.name AS name, i.aliases AS aliases
ORDER BY id
