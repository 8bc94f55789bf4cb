// The full-text index becomes eventually consistent (graph/ddl.py says why). 0001's IF NOT EXISTS
// cannot change the options of an index that exists, so it is dropped and made again.
DROP INDEX names IF EXISTS;
CREATE FULLTEXT INDEX names IF NOT EXISTS FOR (n:Organisation|Trainer|Credential|Profession|Course|TrainingBase|Standard|Agreement) ON EACH [n.code, n.name, n.nameZh, n.title, n.titleZh] OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk', `fulltext.eventually_consistent`: true}};
