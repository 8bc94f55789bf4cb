// Trusted documents (issue 20): operation documents registered by `ecosystem documents add`,
// found by the SHA-256 of their text on a request that sends only the id.
CREATE CONSTRAINT trusted_document_id_unique IF NOT EXISTS FOR (d:TrustedDocument) REQUIRE d.id IS UNIQUE;
