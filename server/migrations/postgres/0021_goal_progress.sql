-- Each goal's progress (how many sub-goals it has, how many are reached), kept up to date
-- by the database on every write of a sub-goal instead of counted on every read: the
-- overview, the first page a citizen sees, is read far more often than sub-goals change.
ALTER TABLE goals ADD COLUMN sub_goals_total BIGINT NOT NULL DEFAULT 0;
ALTER TABLE goals ADD COLUMN sub_goals_reached BIGINT NOT NULL DEFAULT 0;
UPDATE goals SET
    sub_goals_total = (SELECT COUNT(*) FROM sub_goals s WHERE s.goal_id = goals.id),
    sub_goals_reached = (SELECT COUNT(*) FROM sub_goals s WHERE s.goal_id = goals.id AND s.status = 'reached');

CREATE FUNCTION count_sub_goals() RETURNS trigger AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE goals SET sub_goals_total = sub_goals_total - 1,
                         sub_goals_reached = sub_goals_reached - CASE WHEN OLD.status = 'reached' THEN 1 ELSE 0 END
        WHERE id = OLD.goal_id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE goals SET sub_goals_total = sub_goals_total + 1,
                         sub_goals_reached = sub_goals_reached + CASE WHEN NEW.status = 'reached' THEN 1 ELSE 0 END
        WHERE id = NEW.goal_id;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER sub_goals_counted AFTER INSERT OR DELETE OR UPDATE OF goal_id, status ON sub_goals
    FOR EACH ROW EXECUTE FUNCTION count_sub_goals();
