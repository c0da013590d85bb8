#!/usr/bin/env bash
# Runs Samlet with demo data on SQLite: installs what is missing, builds the app and the
# server, and serves both on http://127.0.0.1:8080. Flags go to the server, for example
#   scripts/run.sh --port 9000 --data-dir /tmp/samlet
# or set SAMLET_PORT / SAMLET_DATA_DIR.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

ensure_app_tools
build_app
build_server
step "Starting Samlet in demo mode"
cd "$ROOT"
exec "$SERVER_BIN" --demo --dist-dir "$ROOT/dist" "$@"
