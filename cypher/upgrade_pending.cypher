// The run of an upgrade that started and did not finish (no row when there is none).
MATCH (m:Meta {id: 'graph'})
WHERE m.upgrading IS NOT NULL
RETURN m.upgrading AS run
