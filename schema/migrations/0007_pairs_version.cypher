// The collaborating pairs' version (graph/derived/aggregates.py): every write that moves a pair
// gives it a new value, and ecosystemStats measures the largest component once per version.
// Counters derived before it existed get a first version.
MATCH (g:EcosystemCounters) WHERE g.pairsVersion IS NULL SET g.pairsVersion = randomUUID();
