-- A case system reaches only the citizens of the municipalities it serves, and writes goals
-- only in the life areas (sectors) it is responsible for: a jobcentre's system cannot touch
-- a health goal, and one municipality's system cannot see another's citizens. Both are
-- space-separated lists; a system registered before this has neither and reaches no one
-- until its token is created again.
ALTER TABLE integration_systems ADD COLUMN municipalities TEXT NOT NULL DEFAULT '';
ALTER TABLE integration_systems ADD COLUMN life_areas TEXT NOT NULL DEFAULT '';

-- The citizen's municipality by its three-digit code (751 is Aarhus), set by the case
-- system that registers them.
ALTER TABLE citizens ADD COLUMN municipality TEXT;
CREATE INDEX citizens_municipality ON citizens (municipality);
