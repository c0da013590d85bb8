-- The combined decision and the one combined appeal against it.

CREATE TABLE decisions (
    id              INTEGER PRIMARY KEY,
    citizen_id      INTEGER NOT NULL REFERENCES citizens (id),
    title           TEXT    NOT NULL,
    channel         TEXT    NOT NULL CHECK (channel IN ('digital_post', 'letter')),
    -- When the municipality sent it or made it available; receipt and deadline are computed.
    sent_at         TEXT    NOT NULL,
    reasoning       TEXT    NOT NULL,
    appeal_guidance TEXT    NOT NULL,
    document_id     INTEGER REFERENCES documents (id),
    created_at      TEXT    NOT NULL
);
CREATE INDEX decisions_citizen ON decisions (citizen_id, sent_at);

CREATE TABLE decision_parts (
    id           INTEGER PRIMARY KEY,
    decision_id  INTEGER NOT NULL REFERENCES decisions (id),
    position     INTEGER NOT NULL,
    intervention TEXT    NOT NULL,
    outcome      TEXT    NOT NULL CHECK (outcome IN ('granted', 'changed', 'refused', 'stopped')),
    law          TEXT    NOT NULL,
    explanation  TEXT    NOT NULL
);
CREATE INDEX decision_parts_decision ON decision_parts (decision_id, position);

-- The citizen's private draft while they write; gone when the appeal is submitted.
CREATE TABLE appeal_drafts (
    decision_id INTEGER PRIMARY KEY REFERENCES decisions (id),
    form        TEXT    NOT NULL,
    version     INTEGER NOT NULL,
    saved_at    TEXT    NOT NULL
);

CREATE TABLE appeals (
    id                      INTEGER PRIMARY KEY,
    -- One appeal per decision, enforced here: a double click, a retry or a second tab
    -- cannot make a second one.
    decision_id             INTEGER NOT NULL UNIQUE REFERENCES decisions (id),
    reference               TEXT    NOT NULL UNIQUE,
    submitted_by_account_id INTEGER NOT NULL REFERENCES accounts (id),
    submitted_at            TEXT    NOT NULL,
    late                    INTEGER NOT NULL,
    -- What was appealed, as submitted (JSON); never changed afterwards.
    form                    TEXT    NOT NULL,
    idempotency_key         TEXT,
    status                  TEXT    NOT NULL CHECK (status IN ('received', 'reconsidering', 'decision_changed',
                                                               'sent_to_ankestyrelsen', 'decided')),
    reconsider_by           TEXT    NOT NULL,
    ankestyrelsen_case      TEXT
);

-- The appealed parts as rows, for the municipality's case systems to query.
CREATE TABLE appeal_parts (
    appeal_id INTEGER NOT NULL REFERENCES appeals (id),
    part_id   INTEGER NOT NULL REFERENCES decision_parts (id),
    PRIMARY KEY (appeal_id, part_id)
);

CREATE TABLE appeal_additions (
    id           INTEGER PRIMARY KEY,
    appeal_id    INTEGER NOT NULL REFERENCES appeals (id),
    text         TEXT    NOT NULL,
    document_ids TEXT    NOT NULL,
    added_at     TEXT    NOT NULL
);
CREATE INDEX appeal_additions_appeal ON appeal_additions (appeal_id, id);

CREATE TABLE appeal_events (
    id        INTEGER PRIMARY KEY,
    appeal_id INTEGER NOT NULL REFERENCES appeals (id),
    status    TEXT    NOT NULL,
    at        TEXT    NOT NULL,
    note      TEXT    NOT NULL DEFAULT ''
);
CREATE INDEX appeal_events_appeal ON appeal_events (appeal_id, id);
