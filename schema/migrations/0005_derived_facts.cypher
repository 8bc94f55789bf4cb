// Derived facts (issue 16): the aggregates the ecosystem questions read, kept current by every
// write (src/ecosystem/graph/derived/). Their keys, and the derived properties filtered on.
CREATE CONSTRAINT coverage_cell_id_unique IF NOT EXISTS FOR (c:CoverageCell) REQUIRE c.id IS UNIQUE;
CREATE CONSTRAINT ecosystem_counters_id_unique IF NOT EXISTS FOR (g:EcosystemCounters) REQUIRE g.id IS UNIQUE;
CREATE INDEX trainer_derived_dual IF NOT EXISTS FOR (t:Trainer) ON (t.derivedDual);
CREATE INDEX training_base_derived_shared_by IF NOT EXISTS FOR (b:TrainingBase) ON (b.derivedSharedBy);
