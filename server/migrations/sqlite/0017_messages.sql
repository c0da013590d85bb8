-- Secure messages between the citizen (or someone acting for them) and their contact.

-- How soon the contact normally answers a message, in working days ("svarer normalt inden
-- for 2 arbejdsdage").
ALTER TABLE caseworkers ADD COLUMN answer_days INTEGER NOT NULL DEFAULT 2;

CREATE TABLE message_threads (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    citizen_id      INTEGER NOT NULL REFERENCES citizens (id),
    subject         TEXT    NOT NULL,
    -- At most one of these: what the thread is about. A thread about a sensitive goal is
    -- hidden exactly as the goal is.
    goal_id         INTEGER REFERENCES goals (id),
    decision_id     INTEGER REFERENCES decisions (id),
    meeting_id      INTEGER REFERENCES meetings (id),
    created_at      TEXT    NOT NULL,
    -- The newest message's time and side, so the list is read without the messages.
    last_at         TEXT    NOT NULL,
    last_side       TEXT    NOT NULL CHECK (last_side IN ('citizen', 'municipality')),
    closed_at       TEXT
);
CREATE INDEX message_threads_citizen ON message_threads (citizen_id, last_at);

CREATE TABLE messages (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    thread_id         INTEGER NOT NULL REFERENCES message_threads (id),
    citizen_id        INTEGER NOT NULL REFERENCES citizens (id),
    side              TEXT    NOT NULL CHECK (side IN ('citizen', 'municipality')),
    -- NULL for a caseworker who works in a case system and has no account here.
    author_account_id INTEGER REFERENCES accounts (id),
    author_name       TEXT    NOT NULL,
    author_role       TEXT    NOT NULL,
    on_behalf_of      TEXT,
    -- The caseworker a citizen's message went to (the stand-in while the contact is away).
    to_caseworker_id  INTEGER REFERENCES caseworkers (id),
    body              TEXT    NOT NULL,
    sent_at           TEXT    NOT NULL,
    read_at           TEXT,
    read_by           TEXT,
    journalised_at    TEXT,
    -- A retried send with the same key returns the first message instead of a second one.
    idempotency_key   TEXT,
    -- A message a case system posted for a caseworker: its id there, so a retry is one
    -- message. Such messages are not fed back to the systems.
    external_system_id INTEGER REFERENCES integration_systems (id),
    external_id       TEXT,
    UNIQUE (author_account_id, idempotency_key),
    UNIQUE (external_system_id, external_id)
);
CREATE INDEX messages_thread ON messages (thread_id, id);
-- Unread counts: the other side's messages not yet opened.
CREATE INDEX messages_unread ON messages (citizen_id, side) WHERE read_at IS NULL;

CREATE TABLE message_attachments (
    message_id  INTEGER NOT NULL REFERENCES messages (id),
    document_id INTEGER NOT NULL REFERENCES documents (id),
    PRIMARY KEY (message_id, document_id)
);

-- The reply each person is writing in a thread, saved as it is typed.
CREATE TABLE message_drafts (
    thread_id  INTEGER NOT NULL REFERENCES message_threads (id),
    account_id INTEGER NOT NULL REFERENCES accounts (id),
    body       TEXT    NOT NULL,
    saved_at   TEXT    NOT NULL,
    PRIMARY KEY (thread_id, account_id)
);

-- The citizen's side answering a meeting ("Jeg kommer" / "Jeg kan ikke komme"). Rows are only
-- added: the newest per meeting is the answer, and case systems read them all by cursor.
CREATE TABLE meeting_answers (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id),
    citizen_id  INTEGER NOT NULL REFERENCES citizens (id),
    attendance  TEXT    NOT NULL CHECK (attendance IN ('coming', 'not_coming')),
    answered_by TEXT    NOT NULL,
    answered_at TEXT    NOT NULL
);
CREATE INDEX meeting_answers_meeting ON meeting_answers (meeting_id, id);
