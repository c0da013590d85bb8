#!/usr/bin/env bash
# Plays a case system's day against the release server through a client generated from
# openapi.json with openapi-python-client (scripts/contract/case_system_day.py says what
# the day holds): the proof that a vendor's generated client works, not only that the
# document validates.
#
#   scripts/case-system-day.sh [SERVER_BINARY]      (default: target/server/samlet-server)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

server="${1:-$SERVER_BIN}"
work="$(mktemp -d)"
mkdir "$work/data"
trap 'kill "${DEMO_PID:-}" 2>/dev/null || true; wait "${DEMO_PID:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
start_demo_server "$server" "$work/data"
base="$DEMO_BASE"
token="$(every_scope_token "$server" "$work/data" jobcenter-aarhus)"

"$ROOT/scripts/contract.sh" --client "$work/samlet_client" >/dev/null
status=0
"$PYTHON_TOOLS/bin/python" "$ROOT/scripts/contract/case_system_day.py" "$base" "$token" "$work/samlet_client" || status=$?
if [ "$status" != 0 ]; then
    echo "The server's log:"
    tail -40 "$work/data/server.log"
fi
exit "$status"
