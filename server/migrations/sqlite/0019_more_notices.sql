-- Notices about more than messages: plan changes, decisions, appeals, received documents,
-- and reminders (a meeting tomorrow, an appeal deadline close); and a link in every
-- notice that turns a kind off without signing in.

-- A Danish date the notice may name (an appeal deadline): a date, never what it is about.
ALTER TABLE notification_events ADD COLUMN on_date TEXT;
-- A reminder is announced once per key ("meeting:17:2026-12-03"), however many rounds or
-- servers find it due. NULLs are distinct, so ordinary events have none.
ALTER TABLE notification_events ADD COLUMN once_key TEXT;
CREATE UNIQUE INDEX notification_events_once ON notification_events (account_id, citizen_id, once_key);

-- SHA-256 of the random token in the notice's "turn this off" link; the token itself is
-- only in the e-mail.
ALTER TABLE notices ADD COLUMN unsubscribe_hash TEXT;
CREATE UNIQUE INDEX notices_unsubscribe ON notices (unsubscribe_hash);

-- Tomorrow's meetings are found by their start, across plans.
CREATE INDEX meetings_start ON meetings (starts_at);
