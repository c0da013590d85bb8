-- Notifications: a short notice by e-mail that something is new in Samlet, without any
-- personal details, so nobody has to keep checking.

-- What one person wants to be told about one citizen (the citizen about themself).
CREATE TABLE notification_settings (
    account_id        INTEGER NOT NULL REFERENCES accounts (id),
    citizen_id        INTEGER NOT NULL REFERENCES citizens (id),
    email             TEXT,
    -- Set once the code sent to `email` came back; only a verified address is written to.
    email_verified_at TEXT,
    -- SHA-256 of the code sent to `email`, until it expires or is used.
    email_code_hash   TEXT,
    email_code_expires_at TEXT,
    email_code_tries  INTEGER NOT NULL DEFAULT 0,
    -- Event kinds turned off, space-separated; everything else is on.
    muted             TEXT    NOT NULL DEFAULT '',
    -- Quiet hours, Danish time: nothing is sent from `quiet_from` o'clock until `quiet_until`.
    quiet_from        INTEGER NOT NULL DEFAULT 21,
    quiet_until       INTEGER NOT NULL DEFAULT 8,
    PRIMARY KEY (account_id, citizen_id)
);

-- One e-mail: what was (or will be) sent, to where, and how it went.
CREATE TABLE notices (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id      INTEGER NOT NULL REFERENCES accounts (id),
    citizen_id      INTEGER NOT NULL REFERENCES citizens (id),
    channel         TEXT    NOT NULL CHECK (channel IN ('email')),
    address         TEXT    NOT NULL,
    -- How many events it announces ("3 nye ting i Samlet").
    items           INTEGER NOT NULL,
    -- The e-mail's Message-ID: the same on every attempt, so a resend after a crash between
    -- sending and recording is recognisable as the same notice.
    idempotency_key TEXT    NOT NULL UNIQUE,
    created_at      TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- When it may be tried (again); a worker that claims it moves this ahead while it works.
    next_attempt_at TEXT    NOT NULL,
    sent_at         TEXT,
    last_error      TEXT
);
CREATE INDEX notices_due ON notices (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notices_recent ON notices (account_id, citizen_id, created_at);

-- The transactional outbox: written in the same transaction as what it announces, so
-- nothing is announced that did not happen and nothing that happened is forgotten. The
-- delivery worker bundles a person's waiting events into one notice.
CREATE TABLE notification_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id  INTEGER NOT NULL REFERENCES accounts (id),
    citizen_id  INTEGER NOT NULL REFERENCES citizens (id),
    kind        TEXT    NOT NULL,
    created_at  TEXT    NOT NULL,
    notice_id   INTEGER REFERENCES notices (id)
);
CREATE INDEX notification_events_waiting ON notification_events (account_id, citizen_id) WHERE notice_id IS NULL;
