// Store (or, with nulls, clear) the packed top neighbours, per-label degree and the packed edges
// among the hub and its first top neighbours (slice_edges) of hub nodes, and the profile
// counters of hub authors (profile_counts, JSON text; see queries/profiles.py).
UNWIND $rows AS row
OPTIONAL MATCH (a:Author {id: row.id})
OPTIONAL MATCH (p:Paper {id: row.id})
OPTIONAL MATCH (t:Topic {id: row.id})
OPTIONAL MATCH (i:Institution {id: row.id})
WITH row, coalesce(a, p, t, i) AS m
WHERE m IS NOT NULL
SET m.slice_top = row.top, m.slice_degree = row.degree, m.slice_edges = row.edges,
    m.profile_counts = row.profile, m.slice_top_run = $run
