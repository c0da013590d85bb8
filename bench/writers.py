#!/usr/bin/env python3
"""Writers benchmark (a measurement, not a test): many citizens writing at once through two
release servers on one PostgreSQL, with moto's S3 server as the document store. Started by
bench/writers.sh, which brings up PostgreSQL, moto and the servers and passes them here.

  1. Concurrent uploads: 1, 4 and 16 citizens each upload a 10 MB file at once (five rounds
     each, the median kept). Target: the aggregate at 4 at least 1.5 x that of 1 alone; the
     CPU seconds moto and the servers spent say which of them is the ceiling.
  2. A small write under upload load: a citizen saves their own texts one save after the
     other while 8 citizens upload 10 MB files without pause. Target: p99 under 50 ms.
  3. Mixed load for a fixed time: 64 readers of the plan, 8 uploaders, 4 citizens lodging
     and adding to appeals, 2 case systems writing goals. Each kind's throughput and p99,
     and nothing lost: every acknowledged document, addition and goal is counted in the
     database at the end, and every document's bytes are in the bucket.

Environment: SAMLET_BENCH_SERVERS (two base URLs, comma-separated), SAMLET_BENCH_DB (the
PostgreSQL URL), SAMLET_BENCH_S3 (moto's base URL), SAMLET_BENCH_MOTO_PID,
SAMLET_BENCH_SERVER_PIDS, SAMLET_BENCH_TOKENS (two case systems' tokens),
SAMLET_BENCH_SECONDS (the mixed load's length, default 30), SAMLET_BENCH_MACHINE (lib.sh's
machine_json). Writes
bench/results/writers.json.
"""
import hashlib
import http.client
import json
import multiprocessing
import os
import re
import secrets
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from datetime import date, datetime, timedelta, timezone

from benchlib import ROOT

MB = 1024 * 1024
SERVERS = os.environ["SAMLET_BENCH_SERVERS"].split(",")
DB = os.environ["SAMLET_BENCH_DB"]
S3 = os.environ["SAMLET_BENCH_S3"]
MOTO_PID = int(os.environ["SAMLET_BENCH_MOTO_PID"])
SERVER_PIDS = [int(p) for p in os.environ["SAMLET_BENCH_SERVER_PIDS"].split(",")]
TOKENS = os.environ["SAMLET_BENCH_TOKENS"].split(",")
SECONDS = int(os.environ.get("SAMLET_BENCH_SECONDS", "30"))


def psql(sql):
    out = subprocess.run(["psql", "--quiet", "--no-psqlrc", "-At", DB], input=sql, text=True,
                         check=True, capture_output=True).stdout
    return out.strip()


def sessions(accounts):
    """A fresh session for each account id, made in the database as a sign-in would."""
    now = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    tokens = {a: secrets.token_urlsafe(32) for a in accounts}
    rows = ",".join(f"('{hashlib.sha256(t.encode()).hexdigest()}', {a}, '{now}', '{now}')" for a, t in tokens.items())
    psql(f"INSERT INTO sessions (token_hash, account_id, created_at, last_seen_at) VALUES {rows};")
    return tokens


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


class Client:
    """One keep-alive connection to one server, as one browser or one case system."""

    def __init__(self, base, cookie=None, token=None):
        url = urllib.parse.urlparse(base)
        self.host, self.port = url.hostname, url.port
        self.headers = {}
        if cookie:
            self.headers["Cookie"] = f"samlet_session={cookie}"
        if token:
            self.headers["Authorization"] = f"Bearer {token}"
        self.connection = None

    def call(self, method, path, body=None, content_type=None, extra=None):
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=120)
            headers = dict(self.headers, **(extra or {}))
            if content_type:
                headers["Content-Type"] = content_type
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                return response.status, response.read()
            except (http.client.HTTPException, ConnectionError):
                # A keep-alive connection the server closed: once more on a new one.
                self.connection.close()
                self.connection = None
                if attempt:
                    raise

    def json(self, method, path, value, extra=None):
        return self.call(method, path, json.dumps(value).encode(), "application/json", extra)


def pdf(size, serial):
    """A PDF of `size` bytes whose content (so SHA-256) no other upload has."""
    head = f"%PDF-1.4\n% {serial} {secrets.token_hex(16)}\n".encode()
    body = (head + FILLER)[: size - 6]
    return body + b"%%EOF\n"


FILLER = os.urandom(11 * MB).replace(b"/Encrypt", b"/Encrypz")


def multipart(data):
    boundary = "samlet" + secrets.token_hex(8)
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bilag.pdf\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def percentile(values, p):
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))] * 1000, 1)


def figures(latencies, seconds):
    if not latencies:
        return {"count": 0}
    return {"count": len(latencies), "per_second": round(len(latencies) / seconds, 1),
            "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99)}


class Ledger:
    """What the servers acknowledged, to count in the database at the end."""

    def __init__(self):
        self.lock = threading.Lock()
        self.documents = {}  # id -> sha256
        self.additions = 0
        self.goals = 0
        self.errors = {}

    def error(self, kind, status):
        with self.lock:
            key = f"{kind} {status}"
            self.errors[key] = self.errors.get(key, 0) + 1


LEDGER = Ledger()
citizen_serial = iter(range(1, 10**9))


def upload(client, size=10 * MB):
    data = pdf(size, next(citizen_serial))
    body, content_type = multipart(data)
    status, answer = client.call("POST", "/api/documents", body, content_type)
    if status != 201:
        LEDGER.error("upload", status)
        return False
    with LEDGER.lock:
        for document in json.loads(answer):
            LEDGER.documents[document["id"]] = hashlib.sha256(data).hexdigest()
    return True


def concurrent_uploads(cookies, n):
    """n citizens upload 10 MB each at once; the aggregate MB/s and CPU seconds spent."""
    clients = [Client(SERVERS[i % 2], cookies[i]) for i in range(n)]
    cpu_before = [cpu_seconds(MOTO_PID)] + [cpu_seconds(p) for p in SERVER_PIDS]
    done = []
    start = time.monotonic()
    threads = [threading.Thread(target=lambda c=c: done.append(upload(c))) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    seconds = time.monotonic() - start
    cpu_after = [cpu_seconds(MOTO_PID)] + [cpu_seconds(p) for p in SERVER_PIDS]
    assert all(done), f"an upload failed: {LEDGER.errors}"
    moto = cpu_after[0] - cpu_before[0]
    # moto's server is one Python process: a share near 1.0 is one core busy, its ceiling.
    return {"seconds": round(seconds, 2), "mb_per_second": round(n * 10 / seconds, 1),
            "moto_cpu_seconds": round(moto, 2), "moto_cpu_share": round(moto / seconds, 2),
            "servers_cpu_seconds": round(sum(cpu_after[1:]) - sum(cpu_before[1:]), 2)}


def keep_uploading(cookies, stop):
    def loop(client):
        while not stop.is_set():
            upload(client)
    threads = [threading.Thread(target=loop, args=(Client(SERVERS[i % 2], c),)) for i, c in enumerate(cookies)]
    for t in threads:
        t.start()
    return threads


def save_own_texts(client, count, latencies, stop=None):
    status, answer = client.call("GET", "/api/plan")
    version = json.loads(answer)["own_texts"]["version"]
    for i in range(count):
        if stop is not None and stop.is_set():
            break
        start = time.monotonic()
        status, answer = client.json("PUT", "/api/plan/own-texts",
                                     {"what_matters": f"At komme i arbejde ({i})", "meeting_notes": "", "version": version})
        latencies.append(time.monotonic() - start)
        if status != 200:
            LEDGER.error("own texts", status)
            return
        version = json.loads(answer)["version"]


def upload_until(cookies, stop):
    """The uploaders of the small-write measurement, in a process of their own: in the
    writer's process their threads would hold Python's lock while they build 10 MB bodies,
    and the writer's times would be the load tool's, not the server's."""
    threads = keep_uploading(cookies, stop)
    for t in threads:
        t.join()


def small_write_under_uploads(cookies, writer_cookie):
    idle = []
    save_own_texts(Client(SERVERS[0], writer_cookie), 200, idle)
    stop = multiprocessing.Event()
    uploaders = multiprocessing.Process(target=upload_until, args=(cookies, stop))
    uploaders.start()
    time.sleep(3)  # every uploader under way
    loaded = []
    save_own_texts(Client(SERVERS[0], writer_cookie), 300, loaded)
    stop.set()
    uploaders.join()
    return {"uploaders": len(cookies), "idle": figures(idle, 1), "under_uploads": figures(loaded, 1)}


def publish_decision(token, citizen, serial):
    status, answer = Client(SERVERS[0], token=token).json("PUT", f"/integration/v1/decisions/bench-{serial}", {
        "person_ref": f"bench-{citizen}", "version": 1, "title": "Afgørelse om ressourceforløb",
        "channel": "digital_post", "sent_at": datetime.now(timezone.utc).isoformat(),
        "reasoning": "Vi har set på din situation som helhed.", "appeal_guidance": "Du kan klage inden 4 uger.",
        "parts": [{"intervention": "Ressourceforløb", "outcome": "refused", "law": "LAB § 68 b",
                   "explanation": "Du får ikke et ressourceforløb."}]})
    assert status in (200, 201), (status, answer)
    decision = json.loads(answer)["id"]
    part = psql(f"SELECT id FROM decision_parts WHERE decision_id = {decision}")
    return decision, int(part)


def mixed(reader_cookies, uploader_cookies, appellants, tokens):
    stop = threading.Event()
    latencies = {"read plan": [], "upload": [], "appeal": [], "case system": []}
    lock = threading.Lock()

    def timed(kind, action):
        start = time.monotonic()
        ok = action()
        if ok:
            with lock:
                latencies[kind].append(time.monotonic() - start)

    def reader(client):
        def read():
            status, _ = client.call("GET", "/api/plan")
            if status != 200:
                LEDGER.error("read", status)
            return status == 200
        while not stop.is_set():
            timed("read plan", read)

    def uploader(client):
        while not stop.is_set():
            timed("upload", lambda: upload(client))

    def appellant(client, decision, part):
        form = {"part_ids": [part], "part_reasons": [], "reason": "Jeg er uenig", "document_ids": [],
                "wants_meeting": False, "wants_call": False, "helper": "", "late_reason": ""}

        def lodge():
            status, _ = client.json("POST", f"/api/decisions/{decision}/appeal", form,
                                    {"Idempotency-Key": f"bench-appeal-{decision}"})
            if status not in (200, 201):
                LEDGER.error("appeal", status)
            return status in (200, 201)
        timed("appeal", lodge)
        serial = 0
        while not stop.is_set():
            serial += 1

            def add():
                status, _ = client.json("POST", f"/api/decisions/{decision}/appeal/additions",
                                        {"text": f"Tilføjelse {serial}", "document_ids": []})
                if status == 201:
                    with LEDGER.lock:
                        LEDGER.additions += 1
                else:
                    LEDGER.error("addition", status)
                return status == 201
            timed("appeal", add)

    def case_system(client, name):
        serial = 0
        while not stop.is_set():
            serial += 1

            def write():
                citizen = 200 + (serial * 7 + len(name)) % 800
                status, answer = client.json("PUT", f"/integration/v1/goals/{name}-{serial}", {
                    "person_ref": f"bench-{citizen}", "version": 1, "life_area": "job_education",
                    "title": f"Mål {serial}", "position": 4, "sensitive": False})
                if status == 200 and json.loads(answer)["outcome"] == "created":
                    with LEDGER.lock:
                        LEDGER.goals += 1
                    return True
                LEDGER.error("case system", status)
                return False
            timed("case system", write)

    threads = [threading.Thread(target=reader, args=(Client(SERVERS[i % 2], c),)) for i, c in enumerate(reader_cookies)]
    threads += [threading.Thread(target=uploader, args=(Client(SERVERS[i % 2], c),)) for i, c in enumerate(uploader_cookies)]
    threads += [threading.Thread(target=appellant, args=(Client(SERVERS[i % 2], c), d, p))
                for i, (c, d, p) in enumerate(appellants)]
    threads += [threading.Thread(target=case_system, args=(Client(SERVERS[i % 2], token=t), f"system{i}"))
                for i, t in enumerate(tokens)]
    start = time.monotonic()
    for t in threads:
        t.start()
    time.sleep(SECONDS)
    stop.set()
    for t in threads:
        t.join()
    seconds = time.monotonic() - start
    return {kind: figures(values, seconds) for kind, values in latencies.items()}


def nothing_lost():
    """Every acknowledged write is in the database, and every document's bytes in the bucket."""
    ids = ",".join(str(i) for i in LEDGER.documents) or "0"
    rows = dict(line.split("|") for line in psql(f"SELECT id, sha256 FROM documents WHERE id IN ({ids})").splitlines())
    listing = ""
    token = None
    while True:
        query = "list-type=2&prefix=blobs/" + (f"&continuation-token={urllib.parse.quote(token)}" if token else "")
        listing += urllib.request.urlopen(f"{S3}/samlet-bench?{query}").read().decode()
        found = re.search(r"<NextContinuationToken>([^<]+)</NextContinuationToken>", listing[-2000:])
        if not found:
            break
        token = found.group(1)
    stored = set(re.findall(r"<Key>blobs/[0-9a-f]{2}/([0-9a-f]{64})</Key>", listing))
    additions = int(psql("SELECT COUNT(*) FROM appeal_additions"))
    goals = int(psql("SELECT COUNT(*) FROM external_refs WHERE kind = 'goal'"))
    result = {
        "documents_acknowledged": len(LEDGER.documents),
        "documents_in_database": sum(1 for i, sha in LEDGER.documents.items() if rows.get(str(i)) == sha),
        "documents_in_bucket": sum(1 for sha in LEDGER.documents.values() if sha in stored),
        "additions_acknowledged": LEDGER.additions, "additions_in_database": additions,
        "goals_acknowledged": LEDGER.goals, "goals_in_database": goals,
    }
    result["none_lost"] = (result["documents_acknowledged"] == result["documents_in_database"] == result["documents_in_bucket"]
                           and additions >= LEDGER.additions and goals >= LEDGER.goals)
    return result


def main():
    cookies = sessions(range(1, 201))
    uploads = {}
    for n in (1, 4, 16):
        rounds = [concurrent_uploads([cookies[1 + (n * r + i) % 50] for i in range(n)], n) for r in range(5)]
        uploads[str(n)] = sorted(rounds, key=lambda r: r["mb_per_second"])[2]
        print(f"{n} at once: {uploads[str(n)]}", file=sys.stderr)
    speedup = uploads["4"]["mb_per_second"] / uploads["1"]["mb_per_second"]
    small = small_write_under_uploads([cookies[i] for i in range(60, 68)], cookies[70])
    print(f"small write: {small}", file=sys.stderr)
    appellants = []
    for i, citizen in enumerate(range(71, 75)):
        decision, part = publish_decision(TOKENS[0], citizen, i)
        appellants.append((cookies[citizen], decision, part))
    load = mixed([cookies[i] for i in range(100, 164)],
                 [cookies[i] for i in range(60, 68)], appellants, TOKENS)
    print(f"mixed: {load}", file=sys.stderr)
    lost = nothing_lost()
    machine = json.loads(os.environ["SAMLET_BENCH_MACHINE"])
    result = {
        "servers": 2, "database": "postgres", "store": "moto S3 server",
        "concurrent_uploads": uploads, "speedup_at_4": round(speedup, 2),
        "small_write_under_uploads": small, "mixed": {"seconds": SECONDS, "kinds": load, "check": lost},
        "errors": LEDGER.errors,
        "meets_targets": {"uploads_at_4": speedup >= 1.5,
                          "small_write_p99": small["under_uploads"].get("p99_ms", 1e9) < 50,
                          "nothing_lost": lost["none_lost"]},
        "machine": machine, "date": date.today().isoformat(),
    }
    with open(os.path.join(ROOT, "bench", "results", "writers.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
