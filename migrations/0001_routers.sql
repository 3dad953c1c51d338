-- Routers the dashboard watches. The password is sealed (XChaCha20-Poly1305) under a key kept
-- outside this file; see src/store/secret.rs.
CREATE TABLE routers (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    host TEXT NOT NULL,
    port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    user TEXT NOT NULL,
    password_sealed BLOB NOT NULL,
    tls INTEGER NOT NULL DEFAULT 0 CHECK (tls IN (0, 1)),
    tls_fingerprint TEXT,
    tls_ca_pem TEXT,
    tls_insecure_skip_verify INTEGER NOT NULL DEFAULT 0 CHECK (tls_insecure_skip_verify IN (0, 1)),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
