#!/usr/bin/env bash
# Download all my data (bench/export.py says what is measured and the target): one release
# server on SQLite with the local document store, one citizen with 500 MB of documents
# uploaded through the API, then GET /api/export. Writes bench/results/export.json.
#
#   bench/export.sh     (SAMLET_BENCH_EXPORT_FILES × SAMLET_BENCH_EXPORT_FILE_MB, default 25 × 20)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
[ -x "$SERVER_BIN" ] || build_server
files="${SAMLET_BENCH_EXPORT_FILES:-25}"
file_mb="${SAMLET_BENCH_EXPORT_FILE_MB:-20}"
data="$(mktemp -d)"
SERVER_PID=""
trap 'stop_server; rm -rf "$data"' EXIT
bench_database sqlite "$data"

step "One citizen"
cookie="$(seeded_database "$data" 1)"
# Room for the documents: the quota, the file size and the upload rate raised above them.
start_server "$data" --quota-mb $((files * file_mb * 2)) --max-file-mb $((file_mb + 5)) \
    --uploads-per-minute 100000

step "Uploading $files × $file_mb MB, then downloading all data"
SAMLET_BENCH_BASE="$BASE" SAMLET_BENCH_PID="$SERVER_PID" SAMLET_BENCH_COOKIE="$cookie" \
    SAMLET_BENCH_WORK="$data" SAMLET_BENCH_FILES="$files" SAMLET_BENCH_FILE_MB="$file_mb" \
    SAMLET_BENCH_MACHINE="$(machine_json)" \
    python3 "$ROOT/bench/export.py"
