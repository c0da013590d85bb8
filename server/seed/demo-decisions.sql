-- Combined decisions (samlet afgørelse) in the demo. Jens's is fresh and may be appealed;
-- Fatima has appealed hers and the municipality is reconsidering; Ole's deadline has passed.

INSERT INTO decisions (id, citizen_id, title, channel, sent_at, reasoning, appeal_guidance, document_id, created_at) VALUES
 (1, 1, 'Samlet afgørelse om din indsats', 'digital_post', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-12 days'),
  'Vi har set på din situation som helhed: din ryg, din økonomi og din bolig. Lægens vurdering viser, at du kan arbejde uden tunge løft. Din gæld skyldes ikke forhold, som loven giver os mulighed for at dække.',
  'Du kan klage over hele afgørelsen eller over de dele, du er uenig i. Klagen skal være modtaget senest 4 uger efter, at du har modtaget afgørelsen. Du behøver ikke at begrunde klagen. Kommunen vurderer først afgørelsen igen. Hvis vi fastholder den, sender vi klagen til Ankestyrelsen.',
  (SELECT id FROM documents WHERE citizen_id = 1 AND title = 'Samlet afgørelse om din indsats'),
  strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-12 days')),
 (2, 2, 'Samlet afgørelse om uddannelse og familie', 'digital_post', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-30 days'),
  'Du får uddannelseshjælp og en mentor. Vi har afslået hjælp til pasning om aftenen, fordi kommunens tilbud dækker dine mødetider.',
  'Du kan klage over hele afgørelsen eller over dele af den inden 4 uger. Du behøver ikke at begrunde klagen.',
  NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-30 days')),
 (3, 4, 'Samlet afgørelse om ressourceforløb', 'letter', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-40 days'),
  'Du får et ressourceforløb i et år. Vi har afslået et fleksjob, fordi din arbejdsevne endnu ikke er afklaret.',
  'Du kan klage inden 4 uger efter, at du har modtaget brevet. En klage, der kommer for sent, kan blive behandlet, hvis der er en god grund.',
  NULL, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-40 days'));

INSERT INTO decision_parts (id, decision_id, position, intervention, outcome, law, explanation) VALUES
 (1, 1, 1, 'Ressourceforløbsydelse', 'granted', 'Lov om aktiv socialpolitik § 69 j', 'Du får ressourceforløbsydelse, mens du er i forløbet.'),
 (2, 1, 2, 'Genoptræning af ryggen', 'granted', 'Sundhedsloven § 140', 'Du får 12 ugers genoptræning hos kommunens fysioterapeuter.'),
 (3, 1, 3, 'Hjælp til at betale gæld', 'refused', 'Lov om aktiv socialpolitik § 81', 'Vi betaler ikke din gæld. Du får i stedet råd om gæld hos en gældsrådgiver.'),
 (4, 1, 4, 'Boligstøtte', 'changed', 'Lov om individuel boligstøtte § 9', 'Din boligstøtte bliver lavere, fordi din husstandsindkomst er steget.'),
 (5, 2, 1, 'Uddannelseshjælp', 'granted', 'Lov om aktiv socialpolitik § 23', 'Du får uddannelseshjælp, mens du læser.'),
 (6, 2, 2, 'Mentor', 'granted', 'Lov om en aktiv beskæftigelsesindsats § 78', 'Du får en mentor i det første halve år.'),
 (7, 2, 3, 'Pasning om aftenen', 'refused', 'Dagtilbudsloven § 26', 'Vi har afslået aftenpasning.'),
 (8, 3, 1, 'Ressourceforløb', 'granted', 'Lov om en aktiv beskæftigelsesindsats § 68 b', 'Du får et ressourceforløb i et år.'),
 (9, 3, 2, 'Fleksjob', 'refused', 'Lov om en aktiv beskæftigelsesindsats § 116', 'Vi har afslået fleksjob nu.');

-- Fatima appealed the refusal of evening care 10 days ago; the municipality is reconsidering.
INSERT INTO appeals (id, decision_id, reference, submitted_by_account_id, submitted_at, late, form, idempotency_key,
                     status, reconsider_by) VALUES
 (1, 2, 'KL-' || strftime('%Y', 'now', '-10 days') || '-000001', 2, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-10 days'), 0,
  '{"part_ids":[7],"part_reasons":[],"reason":"Mine vagter i praktikken slutter kl. 21.","document_ids":[],"wants_meeting":false,"wants_call":true,"helper":"","late_reason":""}',
  NULL, 'reconsidering', date('now', '-10 days', '+28 days'));
INSERT INTO appeal_parts (appeal_id, part_id) VALUES (1, 7);
INSERT INTO appeal_events (appeal_id, status, at, note) VALUES
 (1, 'received', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-10 days'), ''),
 (1, 'reconsidering', strftime('%Y-%m-%dT%H:%M:%SZ', 'now', '-8 days'), 'Familieafdelingen ser på din sag igen.');
