#!/usr/bin/env bash
# Runs every test: formatting, lints, the Rust tests, the size budget, and the Playwright
# suite in Chromium against the release build on a free port with a throw-away database.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
cd "$ROOT"

ensure_test_tools

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p samlet-app --target wasm32-unknown-unknown -- -D warnings

step "cargo test"
cargo test --workspace

build_app
step "Size budget"
node scripts/size-check.mjs dist
build_server

step "End-to-end tests (Playwright, Chromium, release build)"
# Two free ports: one server (and database) per browser project.
SAMLET_E2E_PORTS="$(python3 -c '
import socket
sockets = [socket.socket() for _ in range(2)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(",".join(str(s.getsockname()[1]) for s in sockets))')"
SAMLET_E2E_DATA="$(mktemp -d)"
trap 'rm -rf "$SAMLET_E2E_DATA"' EXIT
export SAMLET_E2E_PORTS SAMLET_E2E_DATA SAMLET_E2E_SERVER="$SERVER_BIN" SAMLET_E2E_DIST="$ROOT/dist"
(cd end2end && npx playwright test)

step "All tests passed"
