#!/usr/bin/env python3
"""Sequential writes on SQLite (a measurement, not a test): what a synced commit costs.

Starts the server in demo mode on a throw-away data folder and, one request at a time,
adds N reasons to Fatima Ali's appeal (each one transaction: the addition and its
event), then prints the rate and the median and 99th-percentile latency. Run it against
two builds to compare them, e.g. before and after a change to `PRAGMA synchronous`:

    python3 bench/writes.py [--server target/server/samlet-server] [-n 500] [--runs 3] [--dist-dir dist]
"""
import argparse
import http.cookiejar
import json
import os
import statistics
import subprocess
import tempfile
import time
import urllib.request

from benchlib import ROOT, SERVER, free_port


def run(server, dist, count):
    data = tempfile.mkdtemp(prefix="samlet-writes-")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = open(os.path.join(data, "server.log"), "ab")
    process = subprocess.Popen(
        [server, "--demo", "--bind", "127.0.0.1", "--port", str(port), "--data-dir", data,
         "--dist-dir", dist],
        stdout=log, stderr=log, env={**os.environ, "RUST_LOG": "warn"})
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{base}/api/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.1)
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        accounts = json.load(opener.open(f"{base}/api/demo/accounts", timeout=10))
        account = next(a["account_id"] for a in accounts if a["name"] == "Fatima Ali")
        opener.open(urllib.request.Request(
            f"{base}/api/session/demo", data=json.dumps({"account_id": account}).encode(),
            headers={"Content-Type": "application/json"}, method="POST"), timeout=10).read()
        latencies = []
        started = time.perf_counter()
        for i in range(count):
            request = urllib.request.Request(
                f"{base}/api/decisions/2/appeal/additions",
                data=json.dumps({"text": f"Tilføjelse {i}", "document_ids": []}).encode(),
                headers={"Content-Type": "application/json"}, method="POST")
            before = time.perf_counter()
            with opener.open(request, timeout=20) as response:
                response.read()
                assert response.status in (200, 201), response.status
            latencies.append(time.perf_counter() - before)
        elapsed = time.perf_counter() - started
    finally:
        process.terminate()
        process.wait()
    latencies.sort()
    return {
        "per_second": round(count / elapsed, 1),
        "median_ms": round(statistics.median(latencies) * 1000, 2),
        "p99_ms": round(latencies[int(len(latencies) * 0.99) - 1] * 1000, 2),
    }


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--server", default=SERVER)
    parser.add_argument("-n", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--dist-dir", default=os.path.join(ROOT, "dist"))
    args = parser.parse_args()
    for _ in range(args.runs):
        print(json.dumps({"server": args.server, "additions": args.n, **run(args.server, args.dist_dir, args.n)}))


if __name__ == "__main__":
    main()
