-- Each goal's progress (how many sub-goals it has, how many are reached), kept up to date
-- by the database on every write of a sub-goal instead of counted on every read: the
-- overview, the first page a citizen sees, is read far more often than sub-goals change.
ALTER TABLE goals ADD COLUMN sub_goals_total INTEGER NOT NULL DEFAULT 0;
ALTER TABLE goals ADD COLUMN sub_goals_reached INTEGER NOT NULL DEFAULT 0;
UPDATE goals SET
    sub_goals_total = (SELECT COUNT(*) FROM sub_goals s WHERE s.goal_id = goals.id),
    sub_goals_reached = (SELECT COUNT(*) FROM sub_goals s WHERE s.goal_id = goals.id AND s.status = 'reached');

CREATE TRIGGER sub_goals_counted_on_insert AFTER INSERT ON sub_goals BEGIN
    UPDATE goals SET sub_goals_total = sub_goals_total + 1,
                     sub_goals_reached = sub_goals_reached + (NEW.status = 'reached')
    WHERE id = NEW.goal_id;
END;

CREATE TRIGGER sub_goals_counted_on_update AFTER UPDATE OF goal_id, status ON sub_goals BEGIN
    UPDATE goals SET sub_goals_total = sub_goals_total - 1,
                     sub_goals_reached = sub_goals_reached - (OLD.status = 'reached')
    WHERE id = OLD.goal_id;
    UPDATE goals SET sub_goals_total = sub_goals_total + 1,
                     sub_goals_reached = sub_goals_reached + (NEW.status = 'reached')
    WHERE id = NEW.goal_id;
END;

CREATE TRIGGER sub_goals_counted_on_delete AFTER DELETE ON sub_goals BEGIN
    UPDATE goals SET sub_goals_total = sub_goals_total - 1,
                     sub_goals_reached = sub_goals_reached - (OLD.status = 'reached')
    WHERE id = OLD.goal_id;
END;
