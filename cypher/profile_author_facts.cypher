// One author's own facts (names, affiliations, followers, social flags) and the counters stored
// at load time on busy authors (profile_counts, see refresh_profile_counts in queries/profiles.py;
// null on the others: profile_author_counts computes them then).
MATCH (a:Author {id: $id})
OPTIONAL MATCH (a)-[aff:AFFILIATED_WITH]->(i:Institution)
WITH a, [x IN collect({id: i.id, name: i.name, first_year: aff.first_year,
                       last_year: aff.last_year}) WHERE x.id IS NOT NULL] AS affiliations
OPTIONAL MATCH (u:User)-[:FOLLOWS]->(a)
RETURN a.id AS id, a.name AS name, a.name_variants AS name_variants, affiliations,
       count(u) AS followers, a.orcid AS orcid, a.merge_score AS merge_score,
       a.open_to_collaborate AS open_to_collaborate, a.claimed_by AS claimed_by,
       a.profile_counts AS profile_counts
