// The real facts as data (seeds/facts.json): the alliance was founded at an event, not by an
// agreement; the agreement that stood for it goes (its ceremony is loaded by the seed).
MATCH (a:Agreement {title: 'Founding of the National Alliance for Digital-Intelligent Domestic Services Industry-Education Integration and Ecosystem Development'})
WHERE a.source STARTS WITH 'OUC news 2025-07-18' DETACH DELETE a;
// The sample's naming scheme (docs/data.md): every sample name and code now carries a marker,
// and the sample no longer links the real bodies. Sample records made before it (names
// without "(sample", codes outside the SAMPLE series) are removed with their relationships;
// `ecosystem seed` loads today's sample (`make run` does when the graph lacks it). Real facts,
// imported data and the shared vocabulary (professions, credentials) are untouched. 0011
// rebuilds the derived facts.
MATCH (n:Organisation|TrainingBase) WHERE n.source = 'synthetic' AND NOT n.name CONTAINS '(sample'
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:Agreement) WHERE n.source = 'synthetic' AND NOT n.title CONTAINS '(sample'
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:Trainer) WHERE n.source = 'synthetic' AND NOT n.externalId STARTS WITH 'SAMPLE-'
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:Course) WHERE n.source = 'synthetic' AND NOT n.code STARTS WITH 'SAMPLE-'
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
MATCH (n:Standard) WHERE n.source = 'synthetic' AND NOT n.code STARTS WITH 'T/SAMPLE'
CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 5000 ROWS;
