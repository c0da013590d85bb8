-- Notices by SMS (a mobile number proved by a code sent to it, like the e-mail address) and
-- by Digital Post (decisions, to the citizen's CPR number, when a provider is configured).

ALTER TABLE notification_settings ADD COLUMN phone TEXT;
ALTER TABLE notification_settings ADD COLUMN phone_verified_at TEXT;
ALTER TABLE notification_settings ADD COLUMN phone_code_hash TEXT;
ALTER TABLE notification_settings ADD COLUMN phone_code_expires_at TEXT;
ALTER TABLE notification_settings ADD COLUMN phone_code_tries BIGINT NOT NULL DEFAULT 0;

-- Each event waits for the next notice of one channel: a person with e-mail and SMS gets
-- one of each, each at most once an hour.
ALTER TABLE notification_events ADD COLUMN channel TEXT NOT NULL DEFAULT 'email';
DROP INDEX notification_events_once;
CREATE UNIQUE INDEX notification_events_once ON notification_events (account_id, citizen_id, channel, once_key);
DROP INDEX notification_events_waiting;
CREATE INDEX notification_events_waiting ON notification_events (account_id, citizen_id, channel) WHERE notice_id IS NULL;

ALTER TABLE notices DROP CONSTRAINT notices_channel_check;
ALTER TABLE notices ADD CONSTRAINT notices_channel_check CHECK (channel IN ('email', 'sms', 'digital_post'));
COMMENT ON COLUMN notices.address IS 'The e-mail address, the mobile number, or (Digital Post) the citizen''s CPR number';
DROP INDEX notices_recent;
CREATE INDEX notices_recent ON notices (account_id, citizen_id, channel, created_at);
