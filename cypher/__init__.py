"""Every Cypher statement of graphsvc, one per .cypher file.

Dialect variants sit in falkordb/ and neo4j/ under the same name.
"""
