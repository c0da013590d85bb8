-- The furthest cursor each case system has been given in each feed. A cursor beyond it was
-- never issued to that system (corrupted, or made up) and is refused, instead of silently
-- skipping everything up to it. Kept apart from the rows' ids, because rows can go (a
-- citizen deletes an upload the municipality has not received yet) while a cursor naming
-- one stays valid.
CREATE TABLE feed_cursors (
    system_id INTEGER NOT NULL REFERENCES integration_systems (id),
    feed      TEXT    NOT NULL,
    issued    BIGINT  NOT NULL,
    PRIMARY KEY (system_id, feed)
);
