// First and last paper year (the recommendation index reads papers year by year).
MATCH (p:Paper)
RETURN min(p.year) AS first, max(p.year) AS last
