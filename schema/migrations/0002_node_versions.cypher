// Every node carries a `version` for optimistic concurrency (issue 6); nodes written before
// it existed start at 1.
MATCH (n) WHERE n.version IS NULL AND NOT n:SchemaMigration
CALL (n) { SET n.version = 1 } IN TRANSACTIONS OF 10000 ROWS;
