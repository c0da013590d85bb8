-- Notices by SMS (a mobile number proved by a code sent to it, like the e-mail address) and
-- by Digital Post (decisions, to the citizen's CPR number, when a provider is configured).

ALTER TABLE notification_settings ADD COLUMN phone TEXT;
ALTER TABLE notification_settings ADD COLUMN phone_verified_at TEXT;
ALTER TABLE notification_settings ADD COLUMN phone_code_hash TEXT;
ALTER TABLE notification_settings ADD COLUMN phone_code_expires_at TEXT;
ALTER TABLE notification_settings ADD COLUMN phone_code_tries INTEGER NOT NULL DEFAULT 0;

-- Each event waits for the next notice of one channel: a person with e-mail and SMS gets
-- one of each, each at most once an hour.
ALTER TABLE notification_events ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
DROP INDEX notification_events_once;
CREATE UNIQUE INDEX notification_events_once ON notification_events (account_id, citizen_id, channel, once_key);
DROP INDEX notification_events_waiting;
CREATE INDEX notification_events_waiting ON notification_events (account_id, citizen_id, channel) WHERE notice_id IS NULL;

-- `notices.channel` allowed only 'email'. SQLite cannot change a CHECK, so the table is
-- rebuilt as in 0015: renamed with `legacy_alter_table` on, so `notification_events`
-- keeps naming `notices` (the new table) and dropping the old one touches no reference.
PRAGMA legacy_alter_table = ON;
ALTER TABLE notices RENAME TO notices_old;
CREATE TABLE notices (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id      INTEGER NOT NULL REFERENCES accounts (id),
    citizen_id      INTEGER NOT NULL REFERENCES citizens (id),
    channel         TEXT    NOT NULL CHECK (channel IN ('email', 'sms', 'digital_post')),
    -- The e-mail address, the mobile number, or (Digital Post) the citizen's CPR number.
    address         TEXT    NOT NULL,
    items           INTEGER NOT NULL,
    idempotency_key TEXT    NOT NULL UNIQUE,
    created_at      TEXT    NOT NULL,
    status          TEXT    NOT NULL CHECK (status IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT    NOT NULL,
    sent_at         TEXT,
    last_error      TEXT,
    unsubscribe_hash TEXT
);
INSERT INTO notices (id, account_id, citizen_id, channel, address, items, idempotency_key, created_at,
                     status, attempts, next_attempt_at, sent_at, last_error, unsubscribe_hash)
SELECT id, account_id, citizen_id, channel, address, items, idempotency_key, created_at,
       status, attempts, next_attempt_at, sent_at, last_error, unsubscribe_hash
FROM notices_old;
DROP TABLE notices_old;
PRAGMA legacy_alter_table = OFF;
CREATE INDEX notices_due ON notices (next_attempt_at) WHERE status = 'pending';
CREATE INDEX notices_recent ON notices (account_id, citizen_id, channel, created_at);
CREATE UNIQUE INDEX notices_unsubscribe ON notices (unsubscribe_hash);
