# Sourced by the benchmarks: a release server on a database of N seeded citizens, and wrk.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/tools.sh"
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/postgres.sh"
RESULTS="$ROOT/bench/results"
mkdir -p "$RESULTS"

ensure_bench_tools() {
    if ! command -v wrk >/dev/null; then
        step "Installing wrk from Debian"
        as_root apt-get install -y wrk || { as_root apt-get update && as_root apt-get install -y wrk; }
    fi
    [ -x "$SERVER_BIN" ] || build_server
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# bench_database sqlite|postgres DIR: sets BENCH_DB_URL to a fresh database, SQLite in DIR or
# a database on a PostgreSQL cluster this script starts (and `stop_postgres` removes).
bench_database() {
    case "$1" in
        sqlite) BENCH_DB_URL="sqlite://$2/samlet.sqlite3" ;;
        postgres)
            [ -n "${SAMLET_TEST_POSTGRES:-}" ] || { ensure_postgres; start_postgres durable >&2; }
            BENCH_DB_URL="$SAMLET_TEST_POSTGRES/samlet_bench_$(date +%s%N)"
            ;;
        *) echo "unknown database $1 (sqlite or postgres)" >&2; return 1 ;;
    esac
}

# seeded_database DIR N: migrates the BENCH_DB_URL database and seeds N citizens; prints a
# session cookie.
seeded_database() {
    "$SERVER_BIN" --data-dir "$1" --database-url "$BENCH_DB_URL" create-integration-token \
        --system bench --scope plans --municipality 751 >/dev/null
    python3 "$ROOT/bench/seed.py" "$BENCH_DB_URL" "$2"
}

# start_server DIR [FLAGS…]: the release server on DIR, not in demo mode, with any further
# flags; sets BASE and SERVER_PID.
start_server() {
    local port dir="$1"
    shift
    port="$(free_port)"
    BASE="http://127.0.0.1:$port"
    RUST_LOG=warn "$SERVER_BIN" --bind 127.0.0.1 --port "$port" --data-dir "$dir" \
        --database-url "$BENCH_DB_URL" --dist-dir "$ROOT/dist" "$@" > "$dir/server.log" 2>&1 &
    SERVER_PID=$!
    for _ in $(seq 100); do
        curl -fsS "$BASE/api/healthz" >/dev/null 2>&1 && return 0
        sleep 0.2
    done
    echo "the server did not start:" >&2
    cat "$dir/server.log" >&2
    return 1
}

stop_server() {
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
}

# wrk_json CONNECTIONS SECONDS URL [COOKIE]: one wrk run as {"rps":…, "p50_ms":…, "p99_ms":…, "mean_ms":…}.
wrk_json() {
    local connections="$1" seconds="$2" url="$3" cookie="${4:-}" threads=2
    [ "$connections" -lt 2 ] && threads=1
    local args=(-t"$threads" -c"$connections" -d"${seconds}s" --latency)
    [ -n "$cookie" ] && args+=(-H "Cookie: samlet_session=$cookie")
    wrk "${args[@]}" "$url" | python3 -c '
import json, re, sys
text = sys.stdin.read()
def ms(value, unit):
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
mean = re.search(r"Latency\s+([\d.]+)(us|ms|s)", text)
p50 = re.search(r"\b50%\s+([\d.]+)(us|ms|s)", text)
p99 = re.search(r"\b99%\s+([\d.]+)(us|ms|s)", text)
errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
if errors:
    sys.exit(f"wrk got {errors.group(1)} error responses:\n{text}")
print(json.dumps({"rps": round(rps), "mean_ms": round(ms(*mean.groups()), 3),
                  "p50_ms": round(ms(*p50.groups()), 3), "p99_ms": round(ms(*p99.groups()), 3)}))'
}

machine_json() {
    python3 -c '
import json, os, platform
model = next((line.split(":", 1)[1].strip() for line in open("/proc/cpuinfo") if line.startswith("model name")), platform.machine())
memory = next(int(line.split()[1]) for line in open("/proc/meminfo") if line.startswith("MemTotal"))
print(json.dumps({"cpus": os.cpu_count(), "cpu": model, "memory_gib": round(memory / 1048576)}))'
}
