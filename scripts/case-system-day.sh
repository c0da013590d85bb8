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
port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"

"$server" --demo --bind 127.0.0.1 --port "$port" --data-dir "$work/data" --dist-dir "$ROOT/dist" \
    > "$work/server.log" 2>&1 &
server_pid=$!
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 50); do
    curl -fsS "$base/api/healthz" >/dev/null 2>&1 && break
    sleep 0.2
done

areas=()
for area in job_education health social housing economy family; do areas+=(--life-area "$area"); done
token="$("$server" --data-dir "$work/data" create-integration-token --system jobcenter-aarhus \
    --scope appeals --scope citizens --scope plans --scope contacts --scope documents --scope decisions \
    --municipality 751 "${areas[@]}")"

"$ROOT/scripts/contract.sh" --client "$work/samlet_client" >/dev/null
status=0
"$PYTHON_TOOLS/bin/python" "$ROOT/scripts/contract/case_system_day.py" "$base" "$token" "$work/samlet_client" || status=$?
if [ "$status" != 0 ]; then
    echo "The server's log:"
    tail -40 "$work/server.log"
fi
exit "$status"
