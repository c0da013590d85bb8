-- Min log may name the citizen themself, for what is logged even then: a download of all
-- their data (a download from a stolen session shows).
ALTER TABLE access_log DROP CONSTRAINT access_log_role_check;
ALTER TABLE access_log ADD CONSTRAINT access_log_role_check
    CHECK (role IN ('relative', 'guardian', 'caseworker', 'system', 'citizen'));
