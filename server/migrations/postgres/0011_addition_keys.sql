-- An appeal addition may carry the Idempotency-Key of the request that made it, so a retry
-- (even one racing the first request) gets the first answer instead of a second addition.
ALTER TABLE appeal_additions ADD COLUMN idempotency_key TEXT;
CREATE UNIQUE INDEX appeal_additions_key ON appeal_additions (appeal_id, idempotency_key);
