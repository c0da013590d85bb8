-- Every contact (and stand-in period) a citizen has had, for their copy of their data: the
-- contacts table holds only the present one.
CREATE TABLE contact_history (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    citizen_id     INTEGER NOT NULL REFERENCES citizens (id),
    caseworker_id  INTEGER NOT NULL REFERENCES caseworkers (id),
    stand_in_id    INTEGER REFERENCES caseworkers (id),
    stand_in_from  TEXT,
    stand_in_until TEXT,
    -- When the case system named them.
    named_at       TEXT    NOT NULL
);
CREATE INDEX contact_history_citizen ON contact_history (citizen_id, named_at);
-- The present contacts, from when their citizen was registered (when they were named is
-- not known; not before that).
INSERT INTO contact_history (citizen_id, caseworker_id, stand_in_id, stand_in_from, stand_in_until, named_at)
SELECT k.citizen_id, k.caseworker_id, k.stand_in_id, k.stand_in_from, k.stand_in_until, c.created_at
FROM contacts k JOIN citizens c ON c.id = k.citizen_id;
