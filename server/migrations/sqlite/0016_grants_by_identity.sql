-- A power of attorney is given to a person by identity, as Digital Fuldmagt does: the
-- citizen types the relative's name and CPR number, and the grant waits until someone signs
-- in with MitID whose CPR number matches. The CPR number is never stored: only its keyed
-- hash (HMAC-SHA256 with a server secret), on the grant and on the account of whoever
-- signs in with it, so a grant finds its holder without Samlet keeping the number.
ALTER TABLE accounts ADD COLUMN cpr_hash TEXT;
CREATE UNIQUE INDEX accounts_cpr_hash ON accounts (cpr_hash);

-- The grantee becomes optional (a grant can wait for a person Samlet does not know yet),
-- which SQLite cannot change in place: the table is rebuilt as in 0015.
PRAGMA legacy_alter_table = ON;
ALTER TABLE grants RENAME TO grants_old;
CREATE TABLE grants (
    id                 INTEGER PRIMARY KEY,
    citizen_id         INTEGER NOT NULL REFERENCES citizens (id),
    -- NULL while a grant by CPR number waits for its holder's first sign-in.
    grantee_account_id INTEGER REFERENCES accounts (id),
    -- The keyed hash of the CPR number the citizen gave, and the name they typed.
    grantee_cpr_hash   TEXT,
    grantee_name       TEXT,
    kind               TEXT    NOT NULL CHECK (kind IN ('power_of_attorney', 'guardianship')),
    scopes             TEXT    NOT NULL,
    include_sensitive  INTEGER NOT NULL DEFAULT 0 CHECK (include_sensitive IN (0, 1)),
    ends_on            TEXT    NOT NULL,
    created_at         TEXT    NOT NULL,
    accepted_at        TEXT,
    ended_at           TEXT,
    ended_by           TEXT CHECK (ended_by IN ('citizen', 'grantee', 'municipality')),
    CHECK ((ended_at IS NULL) = (ended_by IS NULL)),
    CHECK (grantee_account_id IS NOT NULL OR (grantee_cpr_hash IS NOT NULL AND grantee_name IS NOT NULL))
);
INSERT INTO grants (id, citizen_id, grantee_account_id, kind, scopes, include_sensitive, ends_on,
                    created_at, accepted_at, ended_at, ended_by)
SELECT id, citizen_id, grantee_account_id, kind, scopes, include_sensitive, ends_on,
       created_at, accepted_at, ended_at, ended_by
FROM grants_old;
DROP TABLE grants_old;
CREATE INDEX grants_grantee ON grants (grantee_account_id);
CREATE INDEX grants_citizen ON grants (citizen_id);
CREATE INDEX grants_waiting ON grants (grantee_cpr_hash) WHERE grantee_account_id IS NULL;
PRAGMA legacy_alter_table = OFF;
