#!/usr/bin/env bash
# Checks the checked-in OpenAPI document with the tools a vendor would point at it:
# openapi-spec-validator (OpenAPI 3.1, every error), Samlet's own rules for operations,
# and openapi-python-client, which must generate a client without a warning and with a
# function for every operation (scripts/contract/check.py says what exactly). It reads
# openapi.json, not a running server: tests/openapi.rs proves the served document is that
# file.
#
#   scripts/contract.sh [--client DIR] [--only PREFIX] [DOCUMENT]
#
# --client DIR keeps the generated client (a Python package) in DIR, for tests that drive
# the API through it; --only /api checks the operations under one prefix alone; DOCUMENT
# defaults to openapi.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/tools.sh"

exec "$PYTHON_TOOLS/bin/python" "$ROOT/scripts/contract/check.py" "$@"
