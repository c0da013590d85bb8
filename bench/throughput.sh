#!/usr/bin/env bash
# API throughput: wrk on loopback against a citizen's plan overview in a database of
# 100,000 citizens with full plans, next to GET /api/session (the session lookup alone, the
# floor under every signed-in request) and the trivial /api/healthz of the same server in
# the same run. Targets (issue 25): the overview at least half of /api/session's requests
# per second, and p99 under 20 ms at 64 connections, on SQLite and on PostgreSQL (a local
# cluster with default durability that the script starts). Writes
# bench/results/throughput-DATABASE.json.
#
#   bench/throughput.sh [sqlite|postgres] [CITIZENS]
#                              (default sqlite 100000; SAMLET_BENCH_SECONDS, default 15)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_bench_tools
database="${1:-sqlite}"
citizens="${2:-100000}"
seconds="${SAMLET_BENCH_SECONDS:-15}"
data="$(mktemp -d)"
SERVER_PID=""
trap 'stop_server; stop_postgres; rm -rf "$data"' EXIT
bench_database "$database" "$data"

step "Seeding $citizens citizens"
cookie="$(seeded_database "$data" "$citizens")"
start_server "$data"
# Warm the page cache and the connection pool, as a server that has been up a while is.
wrk_json 8 3 "$BASE/api/plan/overview" "$cookie" >/dev/null
step "wrk: 64 connections, ${seconds}s each"
overview="$(wrk_json 64 "$seconds" "$BASE/api/plan/overview" "$cookie")"
trivial="$(wrk_json 64 "$seconds" "$BASE/api/healthz")"
# What one authenticated request costs before it reads anything (GET /api/session looks up
# the session and nothing else): the floor under the overview, and the target's measure.
session="$(wrk_json 64 "$seconds" "$BASE/api/session" "$cookie")"
python3 - "$RESULTS/throughput-$database.json" "$database" "$citizens" "$overview" "$trivial" "$session" "$(machine_json)" <<'PY'
import json, sys
from datetime import date
path, database, citizens, overview, trivial, session, machine = sys.argv[1], sys.argv[2], int(sys.argv[3]), *map(json.loads, sys.argv[4:])
ratio = overview["rps"] / trivial["rps"]
session_ratio = overview["rps"] / session["rps"]
result = {"database": database, "citizens": citizens, "connections": 64, "overview": overview,
          "trivial": trivial, "ratio": round(ratio, 2), "session_only": session,
          "session_only_ratio": round(session["rps"] / trivial["rps"], 2),
          "session_ratio": round(session_ratio, 2),
          "meets_target": session_ratio >= 0.5 and overview["p99_ms"] < 20, "machine": machine,
          "date": date.today().isoformat()}
json.dump(result, open(path, "w"), indent=2)
print(json.dumps(result, indent=2))
PY
