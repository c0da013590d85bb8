#!/usr/bin/env bash
# Growth: the plan overview's latency for one citizen among 1,000 and among 1,000,000
# (one connection, so it is the query time and not queueing). The ratio must stay under
# 1.5: every query is by index, none scans. Writes bench/results/growth-sqlite.json.
# Seeding a million citizens takes a few minutes and about 2 GB of disk.
#
#   bench/growth.sh [SMALL] [LARGE]       (default 1000 1000000)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_bench_tools
small="${1:-1000}"
large="${2:-1000000}"
seconds="${SAMLET_BENCH_SECONDS:-10}"
data="$(mktemp -d)"
SERVER_PID=""
trap 'stop_server; rm -rf "$data"' EXIT
bench_database sqlite "$data"

measure() {
    rm -rf "$data" && mkdir -p "$data"
    step "Seeding $1 citizens" >&2
    local cookie
    cookie="$(seeded_database "$data" "$1")"
    start_server "$data" >&2
    wrk_json 1 2 "$BASE/api/plan/overview" "$cookie" >/dev/null
    wrk_json 1 "$seconds" "$BASE/api/plan/overview" "$cookie"
    stop_server
}

at_small="$(measure "$small")"
at_large="$(measure "$large")"
python3 - "$RESULTS/growth-sqlite.json" "$small" "$large" "$at_small" "$at_large" "$(machine_json)" <<'PY'
import json, sys
from datetime import date
path, small, large, at_small, at_large, machine = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), *map(json.loads, sys.argv[4:])
ratio = at_large["mean_ms"] / at_small["mean_ms"]
result = {"database": "sqlite", "small": {"citizens": small, **at_small}, "large": {"citizens": large, **at_large},
          "ratio": round(ratio, 2), "meets_target": ratio < 1.5, "machine": machine, "date": date.today().isoformat()}
json.dump(result, open(path, "w"), indent=2)
print(json.dumps(result, indent=2))
PY
