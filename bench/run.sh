#!/usr/bin/env bash
# Every benchmark, then the README's performance table from their figures. Not part of the
# test command: the figures depend on the machine, and budgets are checked here and by the
# size check, never by timed unit tests.
set -euo pipefail
here="$(dirname "${BASH_SOURCE[0]}")"
"$here/first-load.sh"
"$here/throughput.sh" sqlite
"$here/throughput.sh" postgres
"$here/growth.sh"
python3 "$here/crash.py"
"$here/writers.sh"
"$here/export.sh"
node "$here/report.mjs"
