#!/usr/bin/env bash
# First load: the brotli size of what the app loads first (the budget in size-budget.json),
# and Lighthouse's mobile run (simulated slow 4G and a slow CPU) with Debian's Chromium
# against the release server: the sign-in page a new visitor sees, and the plan page of a
# signed-in citizen. Targets: performance at least 95, accessibility 100.
# Writes bench/results/first-load.json.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_test_tools
[ -f "$ROOT/dist/index.html" ] || build_app
[ -x "$SERVER_BIN" ] || build_server
lock="$ROOT/bench/package-lock.json" installed="$ROOT/bench/node_modules/.package-lock.json"
if [ ! -f "$installed" ] || [ "$lock" -nt "$installed" ]; then
    step "Installing Lighthouse (npm ci in bench/)"
    # One of Lighthouse's dependencies asks for two packages at "latest", so once either
    # is published again the lock no longer satisfies it and `npm ci` refuses;
    # package.json's `overrides` pin them to the locked versions.
    (cd "$ROOT/bench" && npm ci --no-audit --no-fund)
fi
data="$(mktemp -d)"
trap 'kill "$server_pid" 2>/dev/null || true; wait "$server_pid" 2>/dev/null || true; rm -rf "$data"' EXIT

brotli_kb="$(node "$ROOT/scripts/size-check.mjs" "$ROOT/dist" | awk '$1 == "first" && $2 == "load" { print $3 }')"
port="$(free_port)"
base="http://127.0.0.1:$port"
RUST_LOG=warn "$SERVER_BIN" --demo --bind 127.0.0.1 --port "$port" --data-dir "$data" \
    --dist-dir "$ROOT/dist" > "$data/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -fsS "$base/api/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
jens="$(curl -fsS "$base/api/demo/accounts" | python3 -c 'import json, sys; print(next(a["account_id"] for a in json.load(sys.stdin) if a["name"] == "Jens Hansen"))')"
cookie="$(curl -fsS -o /dev/null -c - -H 'content-type: application/json' -d "{\"account_id\": $jens}" \
    "$base/api/session/demo" | awk '$6 == "samlet_session" { print $7 }')"

flags="--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking --disable-component-update --disable-sync"
lighthouse() { # lighthouse PAGE OUT [HEADERS]
    CHROME_PATH=/usr/bin/chromium "$ROOT/bench/node_modules/.bin/lighthouse" "$base$1" --quiet \
        --chrome-flags="$flags --user-data-dir=$data/chromium-$RANDOM" \
        --only-categories=performance,accessibility,best-practices --form-factor=mobile \
        --output=json --output-path="$2" ${3:+--extra-headers="$3"}
}
step "Lighthouse, mobile: /login"
lighthouse /login "$data/login.json"
step "Lighthouse, mobile: /plan (signed in)"
# A browser that signed in: its own Chromium with the session cookie and the signed-in hint
# in its cookie jar (bench/set-cookies.mjs), audited by Lighthouse through its port.
debug_port="$(free_port)"
/usr/bin/chromium $flags --remote-debugging-port="$debug_port" --user-data-dir="$data/chromium-plan" about:blank \
    > "$data/chromium.log" 2>&1 &
chromium_pid=$!
for _ in $(seq 100); do curl -fsS "http://127.0.0.1:$debug_port/json/version" >/dev/null 2>&1 && break; sleep 0.2; done
node --experimental-websocket --no-warnings "$ROOT/bench/set-cookies.mjs" "$debug_port" "$base" \
    "samlet_session=$cookie;httponly" "samlet_signed_in=1"
CHROME_PATH=/usr/bin/chromium "$ROOT/bench/node_modules/.bin/lighthouse" "$base/plan" --quiet --port="$debug_port" \
    --only-categories=performance,accessibility,best-practices --form-factor=mobile \
    --output=json --output-path="$data/plan.json"
kill "$chromium_pid" 2>/dev/null || true
wait "$chromium_pid" 2>/dev/null || true

python3 - "$RESULTS/first-load.json" "$brotli_kb" "$data/login.json" "$data/plan.json" "$(machine_json)" <<'PY'
import json, sys
from datetime import date
path, brotli_kb, login, plan, machine = sys.argv[1], float(sys.argv[2]), sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
def page(report_path, name):
    report = json.load(open(report_path))
    score = lambda c: round(report["categories"][c]["score"] * 100)
    audit = lambda a: round(report["audits"][a]["numericValue"])
    return {"page": name, "url": report["finalDisplayedUrl"], "performance": score("performance"),
            "accessibility": score("accessibility"), "best_practices": score("best-practices"),
            "lcp_ms": audit("largest-contentful-paint"), "tbt_ms": audit("total-blocking-time"),
            "cls": report["audits"]["cumulative-layout-shift"]["numericValue"]}
pages = [page(login, "/login"), page(plan, "/plan (signed in)")]
budget = json.load(open(path.rsplit("/bench/", 1)[0] + "/size-budget.json"))["first_load_brotli_kb"]
result = {"brotli_kb": brotli_kb, "budget_kb": budget, "pages": pages,
          "meets_target": brotli_kb <= budget and all(p["performance"] >= 95 and p["accessibility"] == 100 for p in pages),
          "machine": machine, "date": date.today().isoformat()}
json.dump(result, open(path, "w"), indent=2)
print(json.dumps(result, indent=2))
PY
