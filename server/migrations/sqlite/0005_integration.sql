-- The municipality's case systems. Each has its own API token; only its SHA-256 is kept,
-- so a copy of the database cannot be used to call the integration API.
CREATE TABLE integration_systems (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL UNIQUE,
    token_hash TEXT    NOT NULL UNIQUE,
    -- Space-separated scopes, e.g. 'appeals'.
    scopes     TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    revoked_at TEXT
);
