// Authors with edges that loads do not write (followers, claims): their degree, which
// slice_hub_find counts, may have changed since the last hub refresh without a load.
MATCH (:User)-[:FOLLOWS]->(a:Author)
RETURN DISTINCT a.id AS id
UNION
MATCH (:Claim)-[:CLAIMS]->(a:Author)
RETURN DISTINCT a.id AS id
