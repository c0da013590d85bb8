-- The language each person's notices are written in, chosen on "Notifikationer".
ALTER TABLE notification_settings ADD COLUMN language TEXT NOT NULL DEFAULT 'da' CHECK (language IN ('da', 'en'));
