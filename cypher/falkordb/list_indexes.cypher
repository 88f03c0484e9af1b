// Existing indexes (FalkorDB) and whether they are built, so that schema set-up only creates
// what is missing and waits for indexes still being built in the background.
CALL db.indexes() YIELD label, properties, types, status
RETURN label, properties, types, status
