// Events (seeds/facts.json: the ceremonies and the visit) are found by search like every other
// node: 0001's IF NOT EXISTS cannot add a label to the full-text index that exists, so it is
// dropped and made again over the domain's labels (as 0003 did for its options).
DROP INDEX names IF EXISTS;
CREATE FULLTEXT INDEX names IF NOT EXISTS FOR (n:Organisation|Trainer|Credential|Profession|Course|TrainingBase|Standard|Agreement|Event) ON EACH [n.code, n.name, n.nameZh, n.title, n.titleZh] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}};
