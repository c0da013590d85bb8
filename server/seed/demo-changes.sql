-- What happened to the demo plans since the citizens last looked (revision 2): a sub-goal
-- reached, a new goal with a sub-goal, and a meeting moved a day.
UPDATE sub_goals SET status = 'reached' WHERE goal_id = 2 AND title = 'Smertehåndtering';
UPDATE sub_goals SET status = 'reached' WHERE goal_id = 9 AND title = 'Bostøtte';

INSERT INTO goals (id, plan_id, life_area, title, position, sensitive) VALUES
 (11, 3, 'social', 'Et netværk uden stoffer', 4, 0);
INSERT INTO sub_goals (goal_id, title, success_criterion, target_date, status, unit, position) VALUES
 (11, 'Fællesskab i idrætsforening', 'Jeg træner med holdet en gang om ugen', date('now', '+30 days'), 'in_progress', 'Socialforvaltningen', 1);

UPDATE meetings
   SET starts_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', 'start of day', '+2 working days', '+13 hours'),
       ends_at   = strftime('%Y-%m-%dT%H:%M:%SZ', 'now', 'start of day', '+2 working days', '+14 hours')
 WHERE plan_id = 3 AND title = 'Status på behandling og bolig';
