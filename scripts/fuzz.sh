#!/usr/bin/env bash
# Fuzzes the running server with schemathesis against its own OpenAPI document: every
# operation of the citizen API (signed in as the demo citizen Jens Hansen, a fresh session
# per call) and of the integration API (a case system's token with every scope), all
# checks, a fixed seed, a bounded number of examples per operation. Fails on any server
# error, any response that breaks the document, and any accepted request the document says
# is malformed.
#
#   scripts/fuzz.sh [SERVER_BINARY]      (default: the release build, target/server/samlet-server)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

server="${1:-$SERVER_BIN}"
examples="${SAMLET_FUZZ_EXAMPLES:-25}"
seed="${SAMLET_FUZZ_SEED:-20261126}"
data="$(mktemp -d)"
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"

"$server" --demo --sign-in-per-minute 1000000 --bind 127.0.0.1 --port "$port" \
    --data-dir "$data" --dist-dir "$ROOT/dist" > "$data/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$data"' EXIT
for _ in $(seq 50); do
    curl -fsS "$base/api/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done

areas=()
for area in job_education health social housing economy family; do areas+=(--life-area "$area"); done
token="$("$server" --data-dir "$data" create-integration-token --system fuzz \
    --scope appeals --scope citizens --scope plans --scope contacts --scope documents --scope decisions \
    --municipality 751 "${areas[@]}")"

status=0
(cd "$ROOT/scripts/fuzz" && SAMLET_FUZZ_BASE="$base" SCHEMATHESIS_HOOKS=hooks PYTHONPATH=. \
    "$PYTHON_TOOLS/bin/st" --config-file schemathesis.toml run "$base/api/openapi.json" \
    --url "$base" -n "$examples" -c all --seed "$seed" --no-color \
    -H "Authorization: Bearer $token") || status=$?
if [ "$status" != 0 ]; then
    echo "The server's log:"
    grep -E '"level":"(ERROR|WARN)"|ERROR|panicked' "$data/server.log" | tail -40 || true
fi
exit "$status"
