-- The plan's revision history, "what changed since your last visit", and the citizen's
-- own texts.

-- Bumped each time the plan's content changes; the snapshot of each revision is kept.
ALTER TABLE plans ADD COLUMN revision BIGINT NOT NULL DEFAULT 0;

-- The plan as it was at each revision: JSON of samlet_api::plan::PlanContent. Snapshots,
-- not diffs, so any earlier version opens with one read and diffs are computed on demand.
CREATE TABLE plan_revisions (
    plan_id    BIGINT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    revision   BIGINT NOT NULL,
    created_at TEXT    NOT NULL,
    content    TEXT    NOT NULL,
    PRIMARY KEY (plan_id, revision)
);

-- The revision the citizen had seen when they last opened their plan.
CREATE TABLE plan_visits (
    citizen_id    BIGINT PRIMARY KEY REFERENCES citizens (id),
    seen_revision BIGINT NOT NULL,
    seen_at       TEXT    NOT NULL
);

-- What a session compares against: fixed at the first plan view of the session, so a
-- reload still shows the same changes and the next visit shows only newer ones.
ALTER TABLE sessions ADD COLUMN plan_baseline_revision BIGINT;

-- The citizen's own voice; `version` makes saves optimistic (a stale save is a conflict).
CREATE TABLE own_texts (
    citizen_id    BIGINT PRIMARY KEY REFERENCES citizens (id),
    what_matters  TEXT    NOT NULL DEFAULT '',
    meeting_notes TEXT    NOT NULL DEFAULT '',
    version       BIGINT NOT NULL DEFAULT 0,
    updated_at    TEXT    NOT NULL
);

