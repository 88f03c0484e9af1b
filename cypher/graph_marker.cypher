// A fallback change marker: paper count and the set of load runs that wrote papers.
MATCH (p:Paper)
RETURN count(p) AS papers, collect(DISTINCT p.load_run) AS runs
