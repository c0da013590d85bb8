#!/usr/bin/env bash
# Many citizens writing at once (bench/writers.py says what is measured and the targets):
# two release servers on one PostgreSQL cluster with default durability, moto's S3 server
# as their document store, 1,000 seeded citizens. Writes bench/results/writers.json.
#
#   bench/writers.sh          (SAMLET_BENCH_SECONDS: the mixed load's length, default 30)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_bench_tools
ensure_test_tools
data="$(mktemp -d)"
PIDS=()
trap 'for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; stop_postgres; rm -rf "$data"' EXIT
bench_database postgres "$data"

step "Seeding 1000 citizens"
seeded_database "$data" 1000 >/dev/null
tokens=""
for system in bench-a bench-b; do
    token="$("$SERVER_BIN" --data-dir "$data" --database-url "$BENCH_DB_URL" create-integration-token \
        --system "$system" --scope plans --scope decisions --municipality 751 --life-area job_education | tail -n 1)"
    tokens="${tokens:+$tokens,}$token"
done

step "moto's S3 server"
moto_port="$(free_port)"
"$PYTHON_TOOLS/bin/moto_server" -H 127.0.0.1 -p "$moto_port" > "$data/moto.log" 2>&1 &
moto_pid=$!
PIDS+=("$moto_pid")
for _ in $(seq 300); do curl -fsS "http://127.0.0.1:$moto_port/moto-api/" >/dev/null 2>&1 && break; sleep 0.1; done
curl -fsS -X PUT "http://127.0.0.1:$moto_port/samlet-bench" >/dev/null

step "Two servers on one database and one bucket"
export AWS_ENDPOINT="http://127.0.0.1:$moto_port" AWS_ALLOW_HTTP=true AWS_ACCESS_KEY_ID=bench \
    AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1
servers=""
server_pids=""
for n in 1 2; do
    port="$(free_port)"
    mkdir -p "$data/server$n"
    RUST_LOG=warn "$SERVER_BIN" --bind 127.0.0.1 --port "$port" --data-dir "$data/server$n" \
        --database-url "$BENCH_DB_URL" --dist-dir "$ROOT/dist" --blob-store-url s3://samlet-bench/blobs \
        --uploads-per-minute 1000000 --quota-mb 1000000 > "$data/server$n.log" 2>&1 &
    PIDS+=("$!")
    server_pids="${server_pids:+$server_pids,}$!"
    servers="${servers:+$servers,}http://127.0.0.1:$port"
    for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$port/api/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
done

step "Measuring"
SAMLET_BENCH_SERVERS="$servers" SAMLET_BENCH_DB="$BENCH_DB_URL" SAMLET_BENCH_S3="http://127.0.0.1:$moto_port" \
    SAMLET_BENCH_MOTO_PID="$moto_pid" SAMLET_BENCH_SERVER_PIDS="$server_pids" SAMLET_BENCH_TOKENS="$tokens" \
    SAMLET_BENCH_MACHINE="$(machine_json)" \
    python3 "$ROOT/bench/writers.py"
