-- A document's id is never given to another document. Without AUTOINCREMENT, SQLite gives a
-- new row the highest id + 1, so when a citizen deleted their newest upload (allowed until
-- the municipality has received it) the next upload got the same id, and a case system
-- whose documents feed had reached that id skipped the new document for ever. PostgreSQL's
-- identity columns never reuse an id (its 0015 changes nothing).
--
-- SQLite cannot add AUTOINCREMENT to a table, so the table is rebuilt. The migration runs
-- in a transaction, where foreign keys cannot be turned off; instead the old table is
-- renamed with `legacy_alter_table` on, so `decisions.document_id` keeps naming
-- `documents` (the new table) rather than following the rename, and dropping the old
-- table touches no reference.
PRAGMA legacy_alter_table = ON;
ALTER TABLE documents RENAME TO documents_old;
CREATE TABLE documents (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
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
    sensitive       INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1)),
    UNIQUE (citizen_id, idempotency_key)
);
INSERT INTO documents (id, citizen_id, sha256, title, note, file_name, content_type, size, source,
                           uploaded_by_account_id, uploaded_by_name, goal_id, scan_state, received_at,
                           idempotency_key, created_at, sensitive)
SELECT id, citizen_id, sha256, title, note, file_name, content_type, size, source,
       uploaded_by_account_id, uploaded_by_name, goal_id, scan_state, received_at,
       idempotency_key, created_at, sensitive
FROM documents_old;
DROP TABLE documents_old;
CREATE INDEX documents_citizen ON documents (citizen_id, created_at);
CREATE INDEX documents_sha256 ON documents (sha256);
PRAGMA legacy_alter_table = OFF;
