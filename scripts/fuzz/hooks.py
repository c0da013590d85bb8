"""Schemathesis hooks for fuzzing Samlet: a fresh demo session for every citizen-API call.

The fuzzer also calls "Log ud" and "Log ud på alle enheder"; a session per call keeps
every later operation signed in, so each is tested beyond its 401. The integration API is
called with a case system's token from the command line (`-H Authorization`).
"""

import os

import requests
import schemathesis

BASE = os.environ["SAMLET_FUZZ_BASE"]
# Jens Hansen, the demo citizen with a plan, documents, decisions and an appeal to make.
ACCOUNT = int(os.environ.get("SAMLET_FUZZ_ACCOUNT", "1"))


@schemathesis.auth(refresh_interval=None).apply_to(path_regex="^/api/")
class DemoSession:
    def get(self, case, context):
        response = requests.post(f"{BASE}/api/session/demo", json={"account_id": ACCOUNT}, timeout=10)
        response.raise_for_status()
        return response.cookies["samlet_session"]

    def set(self, case, data, context):
        case.cookies = {**(case.cookies or {}), "samlet_session": data}
