// Every distinct affiliation string of the graph's mentions: `graphsvc upgrade --identity`
// learns them all (in sorted order) before it resolves a part of the graph, so that each string
// gets the institution keys resolving everything at once would give it.
MATCH (:Author)-[r:AUTHORED]->(:Paper)
UNWIND coalesce(r.affiliations, []) AS affiliation
RETURN DISTINCT affiliation
