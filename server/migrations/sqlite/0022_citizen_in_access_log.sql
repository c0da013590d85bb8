-- Min log may name the citizen themself, for what is logged even then: a download of all
-- their data (a download from a stolen session shows). SQLite cannot change a CHECK, so the
-- table is rebuilt with its rows, index and append-only triggers.
CREATE TABLE access_log_new (
    id               INTEGER PRIMARY KEY,
    citizen_id       INTEGER NOT NULL REFERENCES citizens (id),
    -- NULL for the municipality's systems.
    actor_account_id INTEGER REFERENCES accounts (id),
    actor_name       TEXT    NOT NULL,
    role             TEXT    NOT NULL CHECK (role IN ('relative', 'guardian', 'caseworker', 'system', 'citizen')),
    action           TEXT    NOT NULL,
    object           TEXT    NOT NULL DEFAULT '',
    at               TEXT    NOT NULL
);
INSERT INTO access_log_new (id, citizen_id, actor_account_id, actor_name, role, action, object, at)
SELECT id, citizen_id, actor_account_id, actor_name, role, action, object, at FROM access_log;
DROP TABLE access_log;
ALTER TABLE access_log_new RENAME TO access_log;
CREATE INDEX access_log_citizen ON access_log (citizen_id, at);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
