// Mark the graph as being upgraded by run $run (null: the upgrade finished), so that an
// upgrade stopped half-way is reported (upgrade_pending) and finished by the next one.
MERGE (m:Meta {id: 'graph'})
SET m.upgrading = $run
