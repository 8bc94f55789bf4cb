// The sample over time (docs/data.md): agreement terms, membership ends, development dates,
// topics, training outcomes and credit recognitions. A sample made before it (the graph holds
// sample records but no sample training outcome) is removed with its relationships, so
// `ecosystem seed` loads today's in its place (`make run` does when the graph lacks it): the
// generator's draws moved, and a sample loaded over the old one would sit beside it. Real facts
// and imported data never link sample records (docs/data.md) and are untouched. 0013 rebuilds
// the derived facts.
MATCH (n) WHERE n.source = 'synthetic'
  AND NOT EXISTS { MATCH (o:TrainingOutcome) WHERE o.source = 'synthetic' }
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
