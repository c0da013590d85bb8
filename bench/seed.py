"""Fills a migrated Samlet SQLite database with N citizens with full plans, for benchmarks.

    python3 bench/seed.py DATA_DIR N

Each citizen gets an account, a plan with an overall goal, three goals in different life
areas with two sub-goals and one activity each, two meetings (one ahead), and a contact with
one of 50 caseworkers: the shape of the demo plans, multiplied. Rows are made by SQLite
itself from recursive CTEs, so a million citizens take minutes, not hours. Prints the
cookie value of a fresh session for the citizen in the middle, for load tools to send.
"""

import hashlib
import secrets
import sqlite3
import sys
from datetime import datetime, timedelta, timezone

data_dir, n = sys.argv[1], int(sys.argv[2])
db = sqlite3.connect(f"{data_dir}/samlet.sqlite3")
db.execute("PRAGMA journal_mode = WAL")
db.execute("PRAGMA synchronous = OFF")
now = datetime.now(timezone.utc)
stamp = lambda at: at.strftime("%Y-%m-%dT%H:%M:%SZ")
numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :n)"
params = {"n": n, "now": stamp(now), "ahead": stamp(now + timedelta(days=9)), "past": stamp(now - timedelta(days=20))}

with db:
    if db.execute("SELECT COUNT(*) FROM citizens").fetchone()[0]:
        sys.exit("the database already has citizens; seed an empty one")
    db.execute(
        f"""{numbers.replace(':n', '50')}
        INSERT INTO caseworkers (id, full_name, role, unit, phone, email, reachable)
        SELECT i, 'Sagsbehandler ' || i, 'Koordinerende sagsbehandler', 'Jobcenter', '+45 87 13 40 00',
               'sb' || i || '@example.dk', 'Mandag til fredag kl. 9-15' FROM n"""
    )
    steps = [
        """INSERT INTO accounts (id, subject, kind, display_name, created_at)
           SELECT i, 'bench:' || i, 'citizen', 'Borger ' || i, :now FROM n""",
        """INSERT INTO citizens (id, account_id, full_name, municipality, created_at)
           SELECT i, i, 'Borger ' || i, '751', :now FROM n""",
        """INSERT INTO plans (id, citizen_id, overall_goal, updated_at)
           SELECT i, i, 'Et arbejde, en fast bolig og et bedre helbred', :now FROM n""",
        """INSERT INTO goals (id, plan_id, life_area, title, position)
           SELECT (i - 1) * 3 + k, i, area, title, k FROM n,
             (SELECT 1 AS k, 'job_education' AS area, 'Job på et lager' AS title
              UNION ALL SELECT 2, 'health', 'Bedre søvn'
              UNION ALL SELECT 3, 'housing', 'Egen lejlighed')""",
        """INSERT INTO sub_goals (goal_id, title, success_criterion, target_date, status, unit, position)
           SELECT g, title, 'Aftalt med min kontaktperson', '2027-03-01', status, 'Jobcenter', k
           FROM (SELECT (i - 1) * 3 + j AS g FROM n, (SELECT 1 AS j UNION ALL SELECT 2 UNION ALL SELECT 3)),
             (SELECT 1 AS k, 'Første skridt' AS title, 'reached' AS status
              UNION ALL SELECT 2, 'Næste skridt', 'in_progress')""",
        """INSERT INTO activities (goal_id, title, provider, starts_on, ends_on)
           SELECT (i - 1) * 3 + j, 'Forløb', 'Kommunen', '2026-09-01', '2027-02-28'
           FROM n, (SELECT 1 AS j UNION ALL SELECT 2 UNION ALL SELECT 3)""",
        """INSERT INTO meetings (plan_id, title, starts_at, ends_at, location)
           SELECT i, title, at, at, 'Jobcenter Aarhus' FROM n,
             (SELECT 'Opfølgning' AS title, :ahead AS at UNION ALL SELECT 'Første møde', :past)""",
        """INSERT INTO contacts (citizen_id, caseworker_id) SELECT i, 1 + i % 50 FROM n""",
    ]
    for sql in steps:
        db.execute(f"{numbers} {sql}", params)

token = secrets.token_urlsafe(32)
middle = max(1, n // 2)
with db:
    db.execute(
        "INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES (?, ?, ?, ?)",
        (hashlib.sha256(token.encode()).hexdigest(), middle, stamp(now), stamp(now)),
    )
db.execute("PRAGMA optimize")
db.close()
print(token)
