// Existing indexes (FalkorDB), so that schema set-up only creates what is missing.
CALL db.indexes() YIELD label, properties, types
RETURN label, properties, types
