-- The foundation schema: who can sign in, the citizens, their one plan and their one contact.
-- Types are chosen so the same tables can be written for PostgreSQL (issue 9): integer ids,
-- ISO-8601 text for timestamps (TIMESTAMPTZ there) and dates (DATE there), CHECKed enums.

-- Everyone who can sign in. `subject` is the identity at the sign-in provider
-- (the demo key in demo mode, the OpenID Connect subject later).
CREATE TABLE accounts (
    id           INTEGER PRIMARY KEY,
    subject      TEXT    NOT NULL UNIQUE,
    kind         TEXT    NOT NULL CHECK (kind IN ('citizen', 'relative', 'caseworker')),
    display_name TEXT    NOT NULL,
    -- A short description shown on the demo login page only.
    demo_description TEXT,
    created_at   TEXT    NOT NULL
);

-- The people the plans are about. A citizen may exist before they ever sign in.
CREATE TABLE citizens (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER UNIQUE REFERENCES accounts (id),
    full_name  TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);

-- Municipal staff who can be a citizen's coordinating contact or stand-in.
CREATE TABLE caseworkers (
    id           INTEGER PRIMARY KEY,
    account_id   INTEGER UNIQUE REFERENCES accounts (id),
    full_name    TEXT NOT NULL,
    role         TEXT NOT NULL,
    unit         TEXT NOT NULL,
    phone        TEXT NOT NULL,
    email        TEXT NOT NULL,
    -- When the caseworker can be reached, in the words the citizen reads.
    reachable    TEXT NOT NULL,
    photo_url    TEXT
);

-- The one plan: unique per citizen.
CREATE TABLE plans (
    id           INTEGER PRIMARY KEY,
    citizen_id   INTEGER NOT NULL UNIQUE REFERENCES citizens (id),
    overall_goal TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL
);

CREATE TABLE goals (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    life_area TEXT    NOT NULL CHECK (life_area IN ('job_education', 'health', 'social', 'housing', 'economy', 'family')),
    title     TEXT    NOT NULL,
    position  INTEGER NOT NULL DEFAULT 0,
    -- Goals about e.g. addiction or psychiatric treatment are hidden from relatives unless granted.
    sensitive INTEGER NOT NULL DEFAULT 0 CHECK (sensitive IN (0, 1))
);
CREATE INDEX goals_plan ON goals (plan_id, position);

CREATE TABLE sub_goals (
    id                INTEGER PRIMARY KEY,
    goal_id           INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    title             TEXT    NOT NULL,
    success_criterion TEXT    NOT NULL,
    target_date       TEXT,
    status            TEXT    NOT NULL CHECK (status IN ('not_started', 'in_progress', 'reached', 'paused')),
    -- The unit working on it behind the scenes, never a list of people to call.
    unit              TEXT    NOT NULL,
    position          INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX sub_goals_goal ON sub_goals (goal_id, position);

CREATE TABLE activities (
    id        INTEGER PRIMARY KEY,
    goal_id   INTEGER NOT NULL REFERENCES goals (id) ON DELETE CASCADE,
    title     TEXT    NOT NULL,
    provider  TEXT    NOT NULL,
    starts_on TEXT,
    ends_on   TEXT
);
CREATE INDEX activities_goal ON activities (goal_id);

CREATE TABLE meetings (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    title        TEXT    NOT NULL,
    starts_at    TEXT    NOT NULL,
    ends_at      TEXT    NOT NULL,
    location     TEXT,
    video_url    TEXT,
    participants TEXT    NOT NULL DEFAULT '',
    bring        TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX meetings_plan_start ON meetings (plan_id, starts_at);

-- The one coordinating contact per citizen, with an optional stand-in for a period.
CREATE TABLE contacts (
    citizen_id     INTEGER PRIMARY KEY REFERENCES citizens (id),
    caseworker_id  INTEGER NOT NULL REFERENCES caseworkers (id),
    stand_in_id    INTEGER REFERENCES caseworkers (id),
    stand_in_from  TEXT,
    stand_in_until TEXT,
    CHECK ((stand_in_id IS NULL) = (stand_in_from IS NULL) AND (stand_in_id IS NULL) = (stand_in_until IS NULL))
);

-- Server-side sessions. Only the SHA-256 of the random cookie value is stored, so a copy of
-- the database does not hand out live sessions.
CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    account_id   INTEGER NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
