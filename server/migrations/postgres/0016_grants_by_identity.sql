-- A power of attorney is given to a person by identity (see the SQLite migration): only the
-- CPR number's keyed hash is kept, on the grant and on the account that signs in with it.
ALTER TABLE accounts ADD COLUMN cpr_hash TEXT;
CREATE UNIQUE INDEX accounts_cpr_hash ON accounts (cpr_hash);

ALTER TABLE grants ALTER COLUMN grantee_account_id DROP NOT NULL;
ALTER TABLE grants ADD COLUMN grantee_cpr_hash TEXT;
ALTER TABLE grants ADD COLUMN grantee_name TEXT;
ALTER TABLE grants ADD CONSTRAINT grants_grantee_known
    CHECK (grantee_account_id IS NOT NULL OR (grantee_cpr_hash IS NOT NULL AND grantee_name IS NOT NULL));
CREATE INDEX grants_waiting ON grants (grantee_cpr_hash) WHERE grantee_account_id IS NULL;
