// Every property key used by a node or relationship.
CALL db.propertyKeys() YIELD propertyKey
RETURN propertyKey AS key
ORDER BY key
