-- Documents: one row per document the citizen can see, its bytes stored once per SHA-256.

-- Stored contents, content-addressed: two uploads of the same bytes share one blob.
CREATE TABLE blobs (
    sha256     TEXT    PRIMARY KEY,
    size       INTEGER NOT NULL,
    created_at TEXT    NOT NULL
);

CREATE TABLE documents (
    id              INTEGER PRIMARY KEY,
    citizen_id      INTEGER NOT NULL REFERENCES citizens (id),
    sha256          TEXT    NOT NULL REFERENCES blobs (sha256),
    title           TEXT    NOT NULL,
    note            TEXT    NOT NULL DEFAULT '',
    -- Sanitised, for display and the download's file name only.
    file_name       TEXT    NOT NULL,
    content_type    TEXT    NOT NULL,
    size            INTEGER NOT NULL,
    source          TEXT    NOT NULL CHECK (source IN ('citizen', 'relative', 'municipality')),
    uploaded_by_account_id INTEGER REFERENCES accounts (id),
    uploaded_by_name TEXT   NOT NULL,
    goal_id         INTEGER REFERENCES goals (id),
    scan_state      TEXT    NOT NULL CHECK (scan_state IN ('unscanned', 'clean')),
    received_at     TEXT,
    -- A retried upload with the same key returns the first document instead of a second one.
    idempotency_key TEXT,
    created_at      TEXT    NOT NULL,
    UNIQUE (citizen_id, idempotency_key)
);
CREATE INDEX documents_citizen ON documents (citizen_id, created_at);
CREATE INDEX documents_sha256 ON documents (sha256);
