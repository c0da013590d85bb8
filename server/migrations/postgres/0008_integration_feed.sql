-- The case systems feed the one plan. Each item a system writes is known by the system's own
-- id for it (external id) and the version it last sent, so two systems can feed one plan
-- without overwriting each other, and a retried or out-of-order write changes nothing.
CREATE TABLE external_refs (
    system_id   BIGINT NOT NULL REFERENCES integration_systems (id),
    kind        TEXT    NOT NULL CHECK (kind IN ('citizen', 'goal', 'sub_goal', 'activity', 'meeting',
                                          'caseworker', 'contact', 'document', 'decision')),
    external_id TEXT    NOT NULL,
    local_id    BIGINT NOT NULL,
    version     BIGINT NOT NULL,
    updated_at  TEXT    NOT NULL,
    PRIMARY KEY (system_id, kind, external_id)
);
-- Which system owns a row (a system may change only what it wrote).
CREATE UNIQUE INDEX external_refs_local ON external_refs (kind, local_id);

-- The municipality's identifier of the person (the CPR number in Danish municipalities):
-- the key every case system shares. Never shown, never logged, never in a URL.
ALTER TABLE citizens ADD COLUMN person_ref TEXT;
CREATE UNIQUE INDEX citizens_person_ref ON citizens (person_ref) WHERE person_ref IS NOT NULL;

-- "Received by the municipality": a case system has picked the appeal up.
ALTER TABLE appeals ADD COLUMN acknowledged_at TEXT;
ALTER TABLE appeals ADD COLUMN acknowledged_by TEXT;
