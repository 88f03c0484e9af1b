// First and last paper year of the graph (nulls when no paper has a year): the recommendation
// index reads papers year by year; the evaluation names the data's years.
MATCH (p:Paper)
RETURN min(p.year) AS first, max(p.year) AS last
