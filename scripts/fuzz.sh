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
trap 'kill "${DEMO_PID:-}" 2>/dev/null || true; wait "${DEMO_PID:-}" 2>/dev/null || true; rm -rf "$data"' EXIT
start_demo_server "$server" "$data" --sign-in-per-minute 1000000
base="$DEMO_BASE"
token="$(every_scope_token "$server" "$data" fuzz)"

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
