#!/usr/bin/env python3
"""Upload benchmark (a measurement, not a test): one 200 MB file through the real server.

Starts the release server in demo mode with a throw-away data folder, signs in, uploads a
200 MB PDF with curl (streamed from disk), and reports:
  - the server's peak memory growth during the upload (VmHWM minus resident size before),
  - the upload's throughput next to a plain copy of the same file on the same disk (with
    fsync, as the server does).
Targets from issue 4: growth under 32 MB, throughput at least half of the copy.

    python3 bench/upload.py [--size-mb 200]   (after scripts/run.sh or test.sh built it)
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request

from benchlib import ROOT, SERVER, free_port


def status_kb(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


def make_pdf(path, size):
    """A PDF header followed by random bytes: the server sniffs the type from the start."""
    with open(path, "wb") as f:
        f.write(b"%PDF-1.7\n")
        left = size - 9 - 6
        while left > 0:
            chunk = os.urandom(min(left, 8 << 20)).replace(b"/Encrypt", b"/Encrypz")
            f.write(chunk)
            left -= len(chunk)
        f.write(b"%%EOF\n")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--size-mb", type=int, default=200)
    args = parser.parse_args()
    size = args.size_mb * 1024 * 1024
    if not os.path.exists(SERVER):
        sys.exit(f"{SERVER} is missing: build it with `cargo build --profile server -p samlet-server`")

    with tempfile.TemporaryDirectory(dir=os.path.join(ROOT, "target")) as work:
        source = os.path.join(work, "big.pdf")
        make_pdf(source, size)

        # Baseline: the same bytes copied on the same disk, fsynced like the server's write.
        start = time.monotonic()
        subprocess.run(["dd", f"if={source}", f"of={work}/copy.pdf", "bs=1M", "conv=fsync", "status=none"], check=True)
        copy_seconds = time.monotonic() - start
        os.remove(f"{work}/copy.pdf")

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [SERVER, "--demo", "--port", str(port), "--data-dir", f"{work}/data", "--dist-dir", f"{work}/dist",
             "--max-file-mb", str(args.size_mb + 10), "--quota-mb", str(args.size_mb * 4)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(100):
                try:
                    urllib.request.urlopen(f"{base}/api/healthz")
                    break
                except OSError:
                    time.sleep(0.1)
            accounts = json.load(urllib.request.urlopen(f"{base}/api/demo/accounts"))
            fatima = next(a for a in accounts if a["name"] == "Fatima Ali")
            jar = f"{work}/cookies"
            subprocess.run(["curl", "-sf", "-c", jar, "-H", "Content-Type: application/json",
                            "-d", json.dumps({"account_id": fatima["account_id"]}), f"{base}/api/session/demo"],
                           check=True, stdout=subprocess.DEVNULL)
            # Warm up (a small upload), then measure from the resident size at rest.
            subprocess.run(["curl", "-sf", "-b", jar, "-F", "file=@-;filename=warm.pdf", f"{base}/api/documents"],
                           input=b"%PDF-1.4\nwarm up\n%%EOF\n", check=True, stdout=subprocess.DEVNULL)
            before_kb = status_kb(server.pid, "VmRSS")
            start = time.monotonic()
            subprocess.run(["curl", "-sf", "-b", jar, "-H", "Expect:", "-F", f"file=@{source};type=application/pdf",
                            f"{base}/api/documents"], check=True, stdout=subprocess.DEVNULL)
            upload_seconds = time.monotonic() - start
            peak_kb = status_kb(server.pid, "VmHWM")
        finally:
            server.terminate()
            server.wait()

    growth_mb = max(0, peak_kb - before_kb) / 1024
    mb = size / (1024 * 1024)
    upload_rate, copy_rate = mb / upload_seconds, mb / copy_seconds
    print(f"file:               {mb:.0f} MB")
    print(f"server memory:      {before_kb / 1024:.1f} MB resident before, peak {peak_kb / 1024:.1f} MB, growth {growth_mb:.1f} MB (target < 32 MB)")
    print(f"upload:             {upload_seconds:.2f} s = {upload_rate:.0f} MB/s")
    print(f"plain copy (fsync): {copy_seconds:.2f} s = {copy_rate:.0f} MB/s")
    print(f"upload / copy:      {upload_rate / copy_rate:.2f} (target >= 0.5)")
    ok = growth_mb < 32 and upload_rate >= copy_rate / 2
    print("within targets" if ok else "OUTSIDE TARGETS")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
