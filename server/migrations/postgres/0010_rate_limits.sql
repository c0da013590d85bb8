-- Rate limits (sign-in attempts, uploads) are counted here rather than in one server's
-- memory: behind a load balancer every server must count the same attempts, or the limit
-- is multiplied by the number of servers. One row per key (e.g. `sign-in:203.0.113.7`):
-- the attempts in the minute that started at `started_at` (Unix seconds).
CREATE TABLE rate_limits (
    key        TEXT    PRIMARY KEY,
    started_at BIGINT NOT NULL,
    count      BIGINT NOT NULL
);
CREATE INDEX rate_limits_started ON rate_limits (started_at);
