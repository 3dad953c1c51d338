-- Facts about the database itself. `key_check` holds a value sealed with the secret key when
-- the database first met it, so a process with another key is told, instead of sealing new
-- passwords under a key the server does not have.
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
