// Every (author, institution) affiliation, for the institution filter and same-institution reasons.
MATCH (a:Author)-[:AFFILIATED_WITH]->(i:Institution)
RETURN a.id AS author, i.id AS id, i.name AS name
