"""Fills a migrated Samlet database with N citizens with full plans, for benchmarks.

    python3 bench/seed.py DATABASE_URL N      (sqlite:///path/samlet.sqlite3 or postgres://…)

Each citizen gets an account, a plan with an overall goal, three goals in different life
areas with two sub-goals and one activity each, two meetings (one ahead), and a contact with
one of 50 caseworkers: the shape of the demo plans, multiplied. Rows are made by the
database itself from recursive CTEs (the same SQL on SQLite and PostgreSQL, which gets it
through psql), so a million citizens take minutes, not hours. Prints the cookie value of a
fresh session for the citizen in the middle, for load tools to send.
"""

import hashlib
import secrets
import sqlite3
import subprocess
import sys
from datetime import datetime, timedelta, timezone

url, n = sys.argv[1], int(sys.argv[2])
now = datetime.now(timezone.utc)
stamp = lambda at: at.strftime("%Y-%m-%dT%H:%M:%SZ")
numbers = "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < :n)"
# Only the script's own values go into the SQL, so literals are safe here.
params = {"now": stamp(now), "ahead": stamp(now + timedelta(days=9)), "past": stamp(now - timedelta(days=20))}
token = secrets.token_urlsafe(32)
middle = max(1, n // 2)


def literal(sql):
    for name, value in params.items():
        sql = sql.replace(f":{name}", f"'{value}'")
    return sql


def run(statements):
    """Runs the statements in one transaction on the database `url` names."""
    if url.startswith("sqlite://"):
        db = sqlite3.connect(url.removeprefix("sqlite://"))
        db.execute("PRAGMA synchronous = OFF")
        with db:
            if db.execute("SELECT COUNT(*) FROM citizens").fetchone()[0]:
                sys.exit("the database already has citizens; seed an empty one")
            for sql in statements:
                db.execute(literal(sql))
        db.execute("PRAGMA optimize")
        db.close()
    else:
        script = "\\set ON_ERROR_STOP on\nBEGIN;\n"
        script += "DO $$ BEGIN IF EXISTS (SELECT 1 FROM citizens) THEN RAISE EXCEPTION 'the database already has citizens; seed an empty one'; END IF; END $$;\n"
        script += "".join(f"{literal(sql)};\n" for sql in statements)
        # The rows have their ids from here; PostgreSQL's identity sequences do not look at
        # them, so they are moved past the largest id, or the server's next insert collides.
        script += """DO $$ DECLARE t text; BEGIN
  FOR t IN SELECT table_name FROM information_schema.columns
           WHERE table_schema = current_schema() AND column_name = 'id' AND is_identity = 'YES' LOOP
    EXECUTE format('SELECT setval(pg_get_serial_sequence(%L, ''id''), COALESCE((SELECT MAX(id) FROM %I), 0) + 1, false)', t, t);
  END LOOP;
END $$;
"""
        script += "COMMIT;\nANALYZE;\n"
        subprocess.run(["psql", "--quiet", "--no-psqlrc", url], input=script, text=True, check=True,
                       stdout=subprocess.DEVNULL)


steps = [
    """INSERT INTO accounts (id, subject, kind, display_name, created_at)
       SELECT i, 'bench:' || i, 'citizen', 'Borger ' || i, :now FROM n""",
    """INSERT INTO citizens (id, account_id, full_name, municipality, person_ref, created_at)
       SELECT i, i, 'Borger ' || i, '751', 'bench-' || i, :now FROM n""",
    """INSERT INTO plans (id, citizen_id, overall_goal, updated_at)
       SELECT i, i, 'Et arbejde, en fast bolig og et bedre helbred', :now FROM n""",
    """INSERT INTO goals (id, plan_id, life_area, title, position)
       SELECT (i - 1) * 3 + k, i, area, title, k FROM n,
         (SELECT 1 AS k, 'job_education' AS area, 'Job på et lager' AS title
          UNION ALL SELECT 2, 'health', 'Bedre søvn'
          UNION ALL SELECT 3, 'housing', 'Egen lejlighed') AS areas""",
    """INSERT INTO sub_goals (goal_id, title, success_criterion, target_date, status, unit, position)
       SELECT g, title, 'Aftalt med min kontaktperson', '2027-03-01', status, 'Jobcenter', k
       FROM (SELECT (i - 1) * 3 + j AS g FROM n, (SELECT 1 AS j UNION ALL SELECT 2 UNION ALL SELECT 3) AS js) AS gs,
         (SELECT 1 AS k, 'Første skridt' AS title, 'reached' AS status
          UNION ALL SELECT 2, 'Næste skridt', 'in_progress') AS steps""",
    """INSERT INTO activities (goal_id, title, provider, starts_on, ends_on)
       SELECT (i - 1) * 3 + j, 'Forløb', 'Kommunen', '2026-09-01', '2027-02-28'
       FROM n, (SELECT 1 AS j UNION ALL SELECT 2 UNION ALL SELECT 3) AS js""",
    """INSERT INTO meetings (plan_id, title, starts_at, ends_at, location)
       SELECT i, title, at, at, 'Jobcenter Aarhus' FROM n,
         (SELECT 'Opfølgning' AS title, :ahead AS at UNION ALL SELECT 'Første møde', :past) AS ms""",
    """INSERT INTO contacts (citizen_id, caseworker_id) SELECT i, 1 + i % 50 FROM n""",
]
params["token_hash"] = hashlib.sha256(token.encode()).hexdigest()
params["middle"] = str(middle)
run(
    [
        f"""{numbers.replace(':n', '50')}
        INSERT INTO caseworkers (id, full_name, role, unit, phone, email, reachable)
        SELECT i, 'Sagsbehandler ' || i, 'Koordinerende sagsbehandler', 'Jobcenter', '+45 87 13 40 00',
               'sb' || i || '@example.dk', 'Mandag til fredag kl. 9-15' FROM n"""
    ]
    + [f"{numbers.replace(':n', str(n))} {sql}" for sql in steps]
    + [
        # :middle is quoted like the rest; both databases compare it as a number here.
        """INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at)
           SELECT :token_hash, id, :now, :now FROM accounts WHERE id = CAST(:middle AS BIGINT)"""
    ]
)
print(token)
