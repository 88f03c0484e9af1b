"""Every Cypher statement of graphsvc, one per .cypher file; dialect variants in falkordb/ and neo4j/."""
