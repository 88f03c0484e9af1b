// FalkorDB full-text indexes for GET /search (run by queries.search; "already indexed" is ignored).
CALL db.idx.fulltext.createNodeIndex('Author', 'name', 'name_variants');
CALL db.idx.fulltext.createNodeIndex('Paper', 'title');
CALL db.idx.fulltext.createNodeIndex('Topic', 'name');
CALL db.idx.fulltext.createNodeIndex('Institution', 'name', 'aliases');
