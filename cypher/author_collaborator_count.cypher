// How many co-authors an author has.
MATCH (a:Author {id: $id})-[c:CO_AUTHOR]-(:Author)
RETURN count(c) AS count
