-- Demo data for a newcomer's first look: loaded by `samlet-server --demo` into an empty
-- database only. This is the plans as they were a week ago (revision 1); demo-changes.sql
-- then changes some of them, so "what changed since your last visit" has something to show. Times are relative to the moment of loading, so the next meeting is
-- always in the future. Every name, number and address is invented.

INSERT INTO accounts (id, subject, kind, display_name, demo_description, created_at) VALUES
 (1, 'demo:jens',   'citizen',    'Jens Hansen',    'Borger, 42 år. Ledig efter en rygskade, gæld og en lejlighed han ikke kan blive i.', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
 (2, 'demo:fatima', 'citizen',    'Fatima Ali',     'Borger, 29 år. Alene med to børn, vil tage en uddannelse. Hendes kontakt er på ferie.', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
 (3, 'demo:mikkel', 'citizen',    'Mikkel Sørensen','Borger, 35 år. I behandling for misbrug, bor på herberg, vil tilbage til arbejde.', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
 (4, 'demo:ole',    'citizen',    'Ole Pedersen',   'Borger, 58 år. Netop startet i et samlet forløb; har endnu ingen kontaktperson.', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
 (5, 'demo:anna',   'relative',   'Anna Jensen',    'Pårørende: Jens Hansens søster. CPR-nummer i demoen: 070790-1234.', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
 (6, 'demo:mette',  'caseworker', 'Mette Larsen',   'Koordinerende sagsbehandler i Jobcenter Aarhus.', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
 (7, 'demo:karen',  'relative',   'Karen Holm',     'Værge for Ole Pedersen, udpeget af retten og registreret af kommunen.', strftime('%Y-%m-%dT%H:%M:%SZ', 'now')),
 (8, 'demo:lars',   'caseworker', 'Lars Kristensen', 'Sagsbehandler i Jobcenter Aarhus. Stedfortræder for Fatima Alis kontaktperson, som er på ferie.', strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

-- Every citizen has a person_ref, the key case systems match on (the CPR number in a real
-- municipality; obviously made up here).
INSERT INTO citizens (id, account_id, full_name, municipality, person_ref, created_at) VALUES
 (1, 1, 'Jens Hansen',     '751', 'DEMO-0001', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-120 days')),
 (2, 2, 'Fatima Ali',      '751', 'DEMO-0002', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-200 days')),
 (3, 3, 'Mikkel Sørensen', '751', 'DEMO-0003', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-60 days')),
 (4, 4, 'Ole Pedersen',    '751', 'DEMO-0004', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 days'));

INSERT INTO caseworkers (id, account_id, full_name, role, unit, phone, email, reachable, photo_url) VALUES
 (1, 6,    'Mette Larsen',    'Koordinerende sagsbehandler', 'Jobcenter Aarhus',        '+45 87 13 40 01', 'mette.larsen@demo.samlet.dk',    'Mandag til torsdag kl. 9-15, fredag kl. 9-12', NULL),
 (2, 8,    'Lars Kristensen', 'Koordinerende sagsbehandler', 'Jobcenter Aarhus',        '+45 87 13 40 02', 'lars.kristensen@demo.samlet.dk', 'Mandag til fredag kl. 8-14', NULL),
 (3, NULL, 'Sofie Andersen',  'Plankoordinator',             'Socialforvaltningen',     '+45 87 13 40 03', 'sofie.andersen@demo.samlet.dk',  'Tirsdag og torsdag kl. 10-15', NULL),
 (4, NULL, 'Ahmed Yousef',    'Koordinerende sagsbehandler', 'Center for Misbrug',      '+45 87 13 40 04', 'ahmed.yousef@demo.samlet.dk',    'Mandag til fredag kl. 9-15', NULL);

INSERT INTO contacts (citizen_id, caseworker_id, stand_in_id, stand_in_from, stand_in_until) VALUES
 (1, 1, NULL, NULL, NULL),
 (2, 3, 2, date('now', '-2 days'), date('now', '+12 days')),
 (3, 4, NULL, NULL, NULL);

-- Jens had Lars until Mette took over two months ago; Fatima's stand-in was named three days ago.
INSERT INTO contact_history (citizen_id, caseworker_id, stand_in_id, stand_in_from, stand_in_until, named_at) VALUES
 (1, 2, NULL, NULL, NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-120 days')),
 (1, 1, NULL, NULL, NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-60 days')),
 (2, 3, NULL, NULL, NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-200 days')),
 (2, 3, 2, date('now', '-2 days'), date('now', '+12 days'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 days')),
 (3, 4, NULL, NULL, NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-60 days'));

INSERT INTO plans (id, citizen_id, overall_goal, updated_at) VALUES
 (1, 1, 'Jeg vil have et arbejde, hvor jeg ikke skal løfte, og en bolig jeg har råd til.', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-2 days')),
 (2, 2, 'Jeg vil tage en uddannelse som social- og sundhedsassistent og have overskud til mine børn.', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-10 days')),
 (3, 3, 'Jeg vil være stoffri, have mit eget sted at bo og komme tilbage på lageret.', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 days')),
 (4, 4, 'Jeg vil kunne klare mig selv igen.', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 days'));

INSERT INTO goals (id, plan_id, life_area, title, position, sensitive) VALUES
 (1, 1, 'job_education', 'Finde et job uden tunge løft', 1, 0),
 (2, 1, 'health',        'Få styr på smerterne i ryggen', 2, 0),
 (3, 1, 'housing',       'Flytte til en billigere bolig', 3, 0),
 (4, 1, 'economy',       'Få overblik over gælden', 4, 0),
 (5, 2, 'job_education', 'Komme ind på SOSU-uddannelsen', 1, 0),
 (6, 2, 'family',        'En hverdag der hænger sammen for børnene', 2, 0),
 (7, 2, 'health',        'Mindre angst i hverdagen', 3, 1),
 (8, 3, 'health',        'Gennemføre behandlingen for misbrug', 1, 1),
 (9, 3, 'housing',       'Fra herberg til egen bolig', 2, 0),
 (10, 3, 'job_education','Tilbage til arbejde på lager', 3, 0);

INSERT INTO sub_goals (goal_id, title, success_criterion, target_date, status, unit, position) VALUES
 (1, 'Afklare hvilke job min ryg kan klare', 'Jeg har en skriftlig vurdering fra lægen og jobcentret', date('now', '-20 days'), 'reached', 'Jobcenter Aarhus', 1),
 (1, 'Prøve et job i praktik', 'Jeg har været i praktik 4 uger i en butik', date('now', '+45 days'), 'in_progress', 'Jobcenter Aarhus', 2),
 (1, 'Søge job', 'Jeg sender to ansøgninger om ugen', date('now', '+90 days'), 'not_started', 'Jobcenter Aarhus', 3),
 (2, 'Genoptræning hos fysioterapeut', 'Jeg kan gå en tur på 30 minutter uden at stoppe', date('now', '+30 days'), 'in_progress', 'Sundhedscenter Aarhus', 1),
 (2, 'Smertehåndtering', 'Jeg har en plan for dårlige dage', date('now', '-5 days'), 'in_progress', 'Sundhedscenter Aarhus', 2),
 (3, 'Skrive op til almen bolig', 'Jeg står på venteliste hos to boligforeninger', date('now', '-30 days'), 'reached', 'Boligsocialt team', 1),
 (3, 'Flytte', 'Jeg har underskrevet en lejekontrakt', date('now', '+150 days'), 'not_started', 'Boligsocialt team', 2),
 (4, 'Møde med gældsrådgiver', 'Jeg har en liste over al min gæld', date('now', '+14 days'), 'in_progress', 'Økonomisk rådgivning', 1),
 (5, 'Bestå dansk på niveau E', 'Jeg har bestået prøven', date('now', '-40 days'), 'reached', 'UU Aarhus', 1),
 (5, 'Søge ind på SOSU Østjylland', 'Jeg har sendt ansøgningen', date('now', '+20 days'), 'in_progress', 'UU Aarhus', 2),
 (6, 'Fast plads i børnehave til Noor', 'Noor har en fast plads fra kl. 7 til 16', date('now', '-10 days'), 'reached', 'Familieafdelingen', 1),
 (6, 'Familiebehandling', 'Vi har haft 8 samtaler med familiebehandleren', date('now', '+60 days'), 'in_progress', 'Familieafdelingen', 2),
 (7, 'Samtaler med psykolog', 'Jeg kan tage bussen alene til jobcentret', date('now', '+40 days'), 'in_progress', 'Psykiatrien Region Midt', 1),
 (8, 'Dagbehandling', 'Jeg har gennemført 12 ugers dagbehandling', date('now', '+50 days'), 'in_progress', 'Center for Misbrug', 1),
 (8, 'Efterbehandling', 'Jeg går i en efterbehandlingsgruppe hver uge', date('now', '+120 days'), 'not_started', 'Center for Misbrug', 2),
 (9, 'Bostøtte', 'Jeg har en bostøttemedarbejder to gange om ugen', date('now', '-7 days'), 'in_progress', 'Socialforvaltningen', 1),
 (9, 'Skæve boliger', 'Jeg har fået tilbudt en bolig', date('now', '+100 days'), 'paused', 'Socialforvaltningen', 2),
 (10, 'Truckcertifikat', 'Jeg har fornyet mit truckcertifikat', date('now', '+70 days'), 'not_started', 'Jobcenter Aarhus', 1);

INSERT INTO activities (goal_id, title, provider, starts_on, ends_on) VALUES
 (1, 'Virksomhedspraktik i Netto Viby', 'Jobcenter Aarhus', date('now', '-10 days'), date('now', '+18 days')),
 (2, 'Genoptræning efter sundhedsloven § 140', 'Sundhedscenter Aarhus', date('now', '-30 days'), date('now', '+30 days')),
 (4, 'Gældsrådgivning', 'Den Sociale Retshjælp', date('now', '+3 days'), date('now', '+60 days')),
 (5, 'Brobygning til SOSU', 'UU Aarhus', date('now', '-60 days'), date('now', '+20 days')),
 (6, 'Familiebehandling efter barnets lov', 'Familieafdelingen', date('now', '-30 days'), date('now', '+60 days')),
 (8, 'Ambulant dagbehandling', 'Center for Misbrug', date('now', '-35 days'), date('now', '+50 days')),
 (9, 'Socialpædagogisk bostøtte (§ 85)', 'Socialforvaltningen', date('now', '-20 days'), NULL);

INSERT INTO meetings (plan_id, title, starts_at, ends_at, location, video_url, participants, bring) VALUES
 (1, 'Opfølgning på planen', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', 'start of day', '-14 working days', '+9 hours'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', 'start of day', '-14 working days', '+10 hours'), 'Jobcenter Aarhus, Værkmestergade 7, 8000 Aarhus C', NULL, 'Mette Larsen, fysioterapeut', ''),
 (1, 'Fællesmøde om praktik og genoptræning', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', 'start of day', '+5 working days', '+9 hours'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', 'start of day', '+5 working days', '+10 hours'), 'Jobcenter Aarhus, Værkmestergade 7, 8000 Aarhus C', NULL, 'Mette Larsen, praktikvejleder fra Netto, fysioterapeut', 'Din lønseddel og lægens vurdering'),
 (1, 'Møde med gældsrådgiver', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', 'start of day', '+12 working days', '+12 hours'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', 'start of day', '+12 working days', '+13 hours'), NULL, 'https://video.demo.samlet.dk/m/7f3k2', 'Gældsrådgiver', 'Breve om gæld'),
 (2, 'Opfølgning med familien', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', 'start of day', '+8 working days', '+8 hours'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', 'start of day', '+8 working days', '+9 hours'), 'Socialforvaltningen, Jægergårdsgade 2, 8000 Aarhus C', NULL, 'Lars Kristensen, familiebehandler', ''),
 (3, 'Status på behandling og bolig', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', 'start of day', '+1 working days', '+13 hours'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', 'start of day', '+1 working days', '+14 hours'), 'Center for Misbrug, Sønder Allé 33, 8000 Aarhus C', NULL, 'Ahmed Yousef, bostøttemedarbejder', 'Din medicinliste');

-- A guardianship (værgemål) the municipality registered: in force at once, and Ole can see
-- it but not revoke it.
INSERT INTO grants (citizen_id, grantee_account_id, kind, scopes, include_sensitive, ends_on, created_at, accepted_at) VALUES
 (4, 7, 'guardianship', 'plan read_documents upload_documents appeal own_texts messages', 1, date('now', '+2 years'),
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 days'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 days'));

-- Messages. Jens asked about his job goal and Mette has answered (he has not read it yet);
-- Fatima's question went to Lars, who stands in while Sofie is away, and he answered;
-- Mikkel wrote about his treatment, a goal marked sensitive, so a relative without
-- access to sensitive items never sees the thread.
INSERT INTO message_threads (id, citizen_id, subject, goal_id, decision_id, meeting_id, created_at, last_at, last_side) VALUES
 (1, 1, 'Praktikken i Netto', 1, NULL, NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-2 days'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 hours'), 'municipality'),
 (2, 2, 'Hvornår hører jeg fra SOSU-skolen?', 5, NULL, NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 days'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-5 hours'), 'municipality'),
 (3, 3, 'Dagbehandlingen', 8, NULL, NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 days'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 days'), 'citizen');

INSERT INTO messages (thread_id, citizen_id, side, author_account_id, author_name, author_role, on_behalf_of, to_caseworker_id, body, sent_at, read_at, read_by) VALUES
 (1, 1, 'citizen', 1, 'Jens Hansen', '', NULL, 1, 'Hej Mette
Min ryg gør ondt efter de lange dage i praktikken. Kan jeg få kortere dage de første uger?', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-2 days'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 days'), 'Mette Larsen'),
 (1, 1, 'municipality', 6, 'Mette Larsen', 'Koordinerende sagsbehandler', NULL, NULL, 'Hej Jens
Ja, det kan vi godt. Jeg har talt med praktikvejlederen i Netto: de første to uger møder du kl. 9-13. Vi taler om det igen til fællesmødet.', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-3 hours'), NULL, NULL),
 (2, 2, 'citizen', 2, 'Fatima Ali', '', NULL, 2, 'Hej
Jeg har sendt min ansøgning til SOSU Østjylland. Hvornår kan jeg forvente svar?', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 days'), strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-6 hours'), 'Lars Kristensen'),
 (2, 2, 'municipality', 8, 'Lars Kristensen', 'Koordinerende sagsbehandler', NULL, NULL, 'Hej Fatima
Jeg passer på din sag, mens Sofie er på ferie. Skolen svarer normalt inden for tre uger. Skriv endelig, hvis du ikke har hørt noget til den tid.', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-5 hours'), NULL, NULL),
 (3, 3, 'citizen', 3, 'Mikkel Sørensen', '', NULL, 4, 'Hej Ahmed
Jeg har det svært om aftenen efter dagbehandlingen. Kan vi tale om det til næste møde?', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-1 days'), NULL, NULL);
