-- A course ends (the case system says when); some years later Samlet forgets it.
-- `forgotten_at` marks a citizen whose course was deleted: the row stays, emptied of
-- everything but its id and municipality, as long as the access log that names it is kept.
ALTER TABLE citizens ADD COLUMN course_ended_on TEXT;
ALTER TABLE citizens ADD COLUMN forgotten_at TEXT;
CREATE INDEX citizens_course_ended ON citizens (course_ended_on) WHERE forgotten_at IS NULL;
CREATE INDEX citizens_forgotten ON citizens (forgotten_at) WHERE forgotten_at IS NOT NULL;

-- What was deleted, for the case systems to follow (`GET /integration/v1/deletions`).
-- Kept as long as the forgotten citizen's access log, then deleted with it.
CREATE TABLE deletions (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    citizen_id      INTEGER NOT NULL REFERENCES citizens (id),
    person_ref      TEXT    NOT NULL,
    course_ended_on TEXT    NOT NULL,
    deleted_at      TEXT    NOT NULL,
    -- JSON: the case systems' own ids of what went ([{system_id, kind, external_id}]), and
    -- Samlet's ids of the documents, messages and appeals they may have picked up.
    external_ids    TEXT    NOT NULL,
    document_ids    TEXT    NOT NULL,
    message_ids     TEXT    NOT NULL,
    appeal_references TEXT  NOT NULL
);
CREATE INDEX deletions_citizen ON deletions (citizen_id);

-- The access log stays append-only, with one exception the retention job takes: the
-- entries of a forgotten citizen whose id it has put here, in the same transaction.
CREATE TABLE access_log_purges (
    citizen_id INTEGER PRIMARY KEY REFERENCES citizens (id)
);
DROP TRIGGER access_log_no_delete;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
WHEN NOT EXISTS (SELECT 1 FROM access_log_purges p JOIN citizens c ON c.id = p.citizen_id
                 WHERE p.citizen_id = OLD.citizen_id AND c.forgotten_at IS NOT NULL)
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
