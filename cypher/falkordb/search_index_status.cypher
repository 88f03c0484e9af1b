// Build state of each index ("OPERATIONAL" when ready).
CALL db.indexes() YIELD label, status
RETURN label, status
