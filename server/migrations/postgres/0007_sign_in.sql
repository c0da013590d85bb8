-- Sign-ins in progress at the OpenID Connect provider. A row lives from the redirect to
-- the provider until the callback uses it (once) or ten minutes pass; it is in the
-- database, not in one server's memory, so the callback may reach any server.
CREATE TABLE sign_ins (
    -- SHA-256 of the `state` sent to the provider (also kept in a cookie in the browser).
    state_hash    TEXT PRIMARY KEY,
    pkce_verifier TEXT NOT NULL,
    nonce         TEXT NOT NULL,
    -- The app path to return to afterwards (checked to be a local path).
    return_to     TEXT NOT NULL,
    created_at    TEXT NOT NULL
);
CREATE INDEX sign_ins_created_at ON sign_ins (created_at);

