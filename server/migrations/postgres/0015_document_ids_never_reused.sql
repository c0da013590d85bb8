-- On SQLite this migration makes document ids never reused (AUTOINCREMENT), so a case
-- system's documents feed cannot skip a document. PostgreSQL's identity columns never
-- reuse an id: nothing to change here.
SELECT 1;
