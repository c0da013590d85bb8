-- Every citizen gets a reference case systems can match on: those registered before
-- case systems registered citizens (and so without one) get `samlet-<id>`, which no case
-- system's identifier looks like. New citizens always come with the case system's own.
UPDATE citizens SET person_ref = 'samlet-' || CAST(id AS TEXT) WHERE person_ref IS NULL;
