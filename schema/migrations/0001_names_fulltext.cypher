// Full-text search over names in Chinese and English. The `cjk` analyzer indexes Chinese as
// bigrams and Latin text as words, so "开放大学" and "Open University" both match.
CREATE FULLTEXT INDEX names IF NOT EXISTS
FOR (n:Organisation|Trainer|Credential|Profession|Course|TrainingBase|Standard|Agreement)
ON EACH [n.name, n.nameZh, n.title, n.titleZh, n.code]
OPTIONS {indexConfig: {`fulltext.analyzer`: 'cjk'}};

// Bookkeeping of this very mechanism.
CREATE CONSTRAINT schema_migration_version IF NOT EXISTS
FOR (m:SchemaMigration) REQUIRE m.version IS UNIQUE;
