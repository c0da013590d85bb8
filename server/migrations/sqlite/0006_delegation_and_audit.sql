-- Who acts for whom: powers of attorney given by citizens, and guardianships (værgemål)
-- registered by the municipality, which the citizen can see but not revoke.
CREATE TABLE grants (
    id                 INTEGER PRIMARY KEY,
    citizen_id         INTEGER NOT NULL REFERENCES citizens (id),
    grantee_account_id INTEGER NOT NULL REFERENCES accounts (id),
    kind               TEXT    NOT NULL CHECK (kind IN ('power_of_attorney', 'guardianship')),
    -- Space-separated scopes, e.g. 'plan read_documents upload_documents'.
    scopes             TEXT    NOT NULL,
    -- Goals and documents marked sensitive are hidden from the grantee unless this is set.
    include_sensitive  INTEGER NOT NULL DEFAULT 0 CHECK (include_sensitive IN (0, 1)),
    -- The last Danish day the grant is valid.
    ends_on            TEXT    NOT NULL,
    created_at         TEXT    NOT NULL,
    -- A power of attorney takes effect only when the grantee accepts it.
    accepted_at        TEXT,
    ended_at           TEXT,
    ended_by           TEXT CHECK (ended_by IN ('citizen', 'grantee', 'municipality')),
    CHECK ((ended_at IS NULL) = (ended_by IS NULL))
);
CREATE INDEX grants_grantee ON grants (grantee_account_id);
CREATE INDEX grants_citizen ON grants (citizen_id);

-- Whom a session acts for: NULL is the signed-in person themself. Checked against the live
-- grant on every request, so a revoked grant ends at the very next request.
ALTER TABLE sessions ADD COLUMN acting_for_citizen_id INTEGER REFERENCES citizens (id);

-- Documents the municipality marks sensitive (goals have the same flag); a document linked
-- to a sensitive goal is sensitive too.
ALTER TABLE documents ADD COLUMN sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1));

-- Every access to a citizen's data by someone other than the citizen. Append-only: the
-- triggers refuse any change, whatever code or tool tries.
CREATE TABLE access_log (
    id               INTEGER PRIMARY KEY,
    citizen_id       INTEGER NOT NULL REFERENCES citizens (id),
    -- NULL for the municipality's systems.
    actor_account_id INTEGER REFERENCES accounts (id),
    actor_name       TEXT    NOT NULL,
    role             TEXT    NOT NULL CHECK (role IN ('relative', 'guardian', 'caseworker', 'system')),
    action           TEXT    NOT NULL,
    object           TEXT    NOT NULL DEFAULT '',
    at               TEXT    NOT NULL
);
CREATE INDEX access_log_citizen ON access_log (citizen_id, at);
CREATE TRIGGER access_log_no_update BEFORE UPDATE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
CREATE TRIGGER access_log_no_delete BEFORE DELETE ON access_log
BEGIN SELECT RAISE(ABORT, 'access_log is append-only'); END;
