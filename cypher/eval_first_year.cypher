// The earliest paper year in the graph (null when no paper has a year).
MATCH (p:Paper)
WHERE p.year IS NOT NULL
RETURN min(p.year) AS year
