// Every author's id, name and open-to-collaborate flag (recommendation index build).
MATCH (a:Author)
RETURN a.id AS id, a.name AS name, a.open_to_collaborate AS open
