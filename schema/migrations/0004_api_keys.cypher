// API keys (issue 7): looked up by the hash of the key on every request, managed by name.
CREATE CONSTRAINT api_key_hash_unique IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.hash IS UNIQUE;
CREATE CONSTRAINT api_key_name_unique IF NOT EXISTS FOR (k:ApiKey) REQUIRE k.name IS UNIQUE;
