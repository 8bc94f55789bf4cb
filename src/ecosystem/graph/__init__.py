"""How the ecosystem is stored in Neo4j and queried: driver, migrations, compiler."""
