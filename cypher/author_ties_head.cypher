// An author's number of co-authors and the year of their latest joint paper (the reference
// year of author_collaborators' strength); no row for an unknown id.
MATCH (a:Author {id: $id})
OPTIONAL MATCH (a)-[c:CO_AUTHOR]-(:Author)
WITH a, count(c) AS count, max(c.last_year) AS ref
RETURN count, ref
