#!/usr/bin/env bash
# Runs every test: formatting, lints, the Rust tests, the OpenAPI contract check, the size
# budget, the API fuzzing, and the Playwright suite in Chromium against the release build
# on free ports with throw-away databases (SQLite, and PostgreSQL for two servers sharing one).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"
source "$(dirname "${BASH_SOURCE[0]}")/postgres.sh"
cd "$ROOT"

SAMLET_E2E_DATA=""
cleanup() {
    stop_postgres
    [ -z "$SAMLET_E2E_DATA" ] || rm -rf "$SAMLET_E2E_DATA"
}
trap cleanup EXIT

ensure_test_tools
ensure_postgres

step "cargo fmt --check"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p samlet-app --target wasm32-unknown-unknown -- -D warnings

step "cargo deny: licences, banned crates, sources"
cargo deny --offline check licenses bans sources
step "cargo deny: security advisories"
# The RustSec database lives on GitHub; on a machine that cannot reach it the check is
# skipped and says so. When it can be fetched, a known vulnerability fails the run.
if timeout 120 cargo deny fetch db >/dev/null 2>&1; then
    cargo deny --offline check advisories
else
    echo "SKIPPED: the RustSec advisory database (github.com/RustSec/advisory-db) cannot be fetched from this machine; advisories were not checked."
fi

step "cargo test (the server on SQLite)"
cargo test --workspace

step "cargo test of the server on PostgreSQL (a throw-away cluster; every test gets its own database)"
start_postgres
# --workspace, as above, so the test binaries are reused rather than built again for
# `-p samlet-server`; only the server's tests read SAMLET_TEST_POSTGRES.
cargo test --workspace -- --include-ignored
stop_postgres

step "The OpenAPI document as tools read it (openapi-spec-validator, openapi-python-client)"
# The checked-in openapi.json, which the tests above proved is the one the server serves.
"$ROOT/scripts/contract.sh"

build_app
step "Size budget"
node scripts/size-check.mjs dist
build_server

step "Fuzzing the API against its OpenAPI document (schemathesis, all checks, fixed seed)"
"$ROOT/scripts/fuzz.sh" "$SERVER_BIN"

step "A case system's day through a client generated from openapi.json (release server)"
"$ROOT/scripts/case-system-day.sh" "$SERVER_BIN"

step "End-to-end tests (Playwright, Chromium, release build)"
# A fresh PostgreSQL cluster, started before the ports are picked so none of them is its
# port; the servers create their database in it (playwright.config.ts).
start_postgres
# Six free ports: one server (and SQLite database) per browser project, the test OpenID
# provider, a server without demo mode, and two servers on one PostgreSQL database.
SAMLET_E2E_PORTS="$(python3 -c '
import socket
sockets = [socket.socket() for _ in range(7)]
for s in sockets: s.bind(("127.0.0.1", 0))
print(",".join(str(s.getsockname()[1]) for s in sockets))')"
SAMLET_E2E_DATA="$(mktemp -d)"
export SAMLET_E2E_PORTS SAMLET_E2E_DATA SAMLET_E2E_SERVER="$SERVER_BIN" SAMLET_E2E_DIST="$ROOT/dist"
export SAMLET_E2E_POSTGRES="$SAMLET_TEST_POSTGRES/samlet_e2e"
(cd end2end && npx playwright test)
stop_postgres

step "All tests passed"
