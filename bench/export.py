#!/usr/bin/env python3
"""Export benchmark (a measurement, not a test): "Hent mine data" for a citizen with 500 MB of
documents, through one release server on SQLite with the local document store. Started by
bench/export.sh, which seeds the citizen and starts the server with room for the documents.

  1. Warm-up: one small document and one export of it (a server that has been up a while has
     built a ZIP before); its memory growth is kept as `warm_up_growth_mb`.
  2. The citizen uploads FILES documents of FILE_MB each through POST /api/documents:
     distinct PDFs of random bytes, so nothing is deduplicated and nothing compresses.
  3. GET /api/export, streamed to disk by curl and timed, while a thread reads the server's
     VmRSS every 20 ms; the peak is also taken from VmHWM when that rose during the download.
  4. The ZIP is checked: at least the documents' size, it opens with Python's zipfile, and
     every document's SHA-256 matches samlet.json and the upload.

Target (issue 26): the server's peak memory growth during the export under 32 MB.

Environment: SAMLET_BENCH_BASE, SAMLET_BENCH_PID (the server), SAMLET_BENCH_COOKIE (the
citizen's session), SAMLET_BENCH_WORK (a folder to write the ZIP to), SAMLET_BENCH_FILES,
SAMLET_BENCH_FILE_MB, SAMLET_BENCH_MACHINE (lib.sh's machine_json). Writes
bench/results/export.json.
"""
import hashlib
import http.client
import json
import os
import secrets
import subprocess
import sys
import threading
import time
import urllib.parse
import zipfile
from datetime import date

from benchlib import ROOT

MB = 1024 * 1024
BASE = os.environ["SAMLET_BENCH_BASE"]
PID = int(os.environ["SAMLET_BENCH_PID"])
COOKIE = os.environ["SAMLET_BENCH_COOKIE"]
WORK = os.environ["SAMLET_BENCH_WORK"]
FILES = int(os.environ.get("SAMLET_BENCH_FILES", "25"))
FILE_MB = int(os.environ.get("SAMLET_BENCH_FILE_MB", "20"))
TARGET_GROWTH_MB = 32


def status_kb(field):
    with open(f"/proc/{PID}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise RuntimeError(field)


def pdf(size):
    """A PDF of `size` bytes whose content (so SHA-256) no other upload has."""
    head = f"%PDF-1.4\n% {secrets.token_hex(16)}\n".encode()
    body = os.urandom(size - len(head) - 6).replace(b"/Encrypt", b"/Encrypz")
    return head + body + b"%%EOF\n"


def upload(title, data):
    boundary = "samlet" + secrets.token_hex(8)
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n{title}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bilag.pdf\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    url = urllib.parse.urlparse(BASE)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=300)
    connection.request("POST", "/api/documents", body=body, headers={
        "Cookie": f"samlet_session={COOKIE}", "Content-Type": f"multipart/form-data; boundary={boundary}"})
    response = connection.getresponse()
    answer = response.read()
    connection.close()
    if response.status != 201:
        sys.exit(f"upload {title}: {response.status} {answer[:300]!r}")


class Sampler(threading.Thread):
    """The server's resident size every 20 ms, until stopped."""

    def __init__(self):
        super().__init__(daemon=True)
        self.stop = threading.Event()
        self.peak_kb = 0
        self.samples = []  # (seconds from start, kB), for a look at the curve

    def run(self):
        start = time.monotonic()
        while not self.stop.is_set():
            kb = status_kb("VmRSS")
            self.peak_kb = max(self.peak_kb, kb)
            self.samples.append((round(time.monotonic() - start, 3), kb))
            time.sleep(0.02)


def export(zip_path):
    """Downloads the ZIP to zip_path; its seconds and the server's memory before and at peak."""
    time.sleep(0.5)  # the uploads' last allocations settled
    before_kb, hwm_before_kb = status_kb("VmRSS"), status_kb("VmHWM")
    sampler = Sampler()
    sampler.start()
    start = time.monotonic()
    written = subprocess.run(
        ["curl", "-sS", "--fail", "-o", zip_path, "-w", "%{http_code}",
         "-H", f"Cookie: samlet_session={COOKIE}", f"{BASE}/api/export?lang=da"],
        capture_output=True, text=True)
    seconds = time.monotonic() - start
    sampler.stop.set()
    sampler.join()
    if written.returncode != 0:
        sys.exit(f"GET /api/export: {written.stdout} {written.stderr}")
    peak_kb = sampler.peak_kb
    hwm_after_kb = status_kb("VmHWM")
    if hwm_after_kb > hwm_before_kb:
        # The kernel's own high-water mark rose during the download: it is the exact peak.
        peak_kb = max(peak_kb, hwm_after_kb)
    return seconds, before_kb, peak_kb, sampler.samples


def check(zip_path, uploaded):
    """Every document in the ZIP matches samlet.json's SHA-256, and the uploads are all there."""
    with zipfile.ZipFile(zip_path) as archive:
        names = set(archive.namelist())
        assert {"samlet.json", "index.html"} <= names, sorted(names)[:5]
        data = json.loads(archive.read("samlet.json"))
        found = set()
        for document in data["documents"]:
            digest = hashlib.sha256()
            with archive.open(document["path"]) as f:
                while chunk := f.read(MB):
                    digest.update(chunk)
            if digest.hexdigest() != document["sha256"]:
                sys.exit(f"{document['path']}: SHA-256 differs from samlet.json")
            found.add(document["sha256"])
        missing = uploaded - found
        if missing:
            sys.exit(f"{len(missing)} uploaded documents are not in the ZIP")
        return len(data["documents"])


def main():
    zip_path = os.path.join(WORK, "export.zip")

    upload("Opvarmning", pdf(64 * 1024))
    _, warm_before, warm_peak, _ = export(zip_path)
    os.remove(zip_path)

    uploaded = set()
    for i in range(FILES):
        data = pdf(FILE_MB * MB)
        upload(f"Bilag {i + 1}", data)
        uploaded.add(hashlib.sha256(data).hexdigest())
    documents_mb = FILES * FILE_MB

    seconds, before_kb, peak_kb, samples = export(zip_path)
    zip_mb = os.path.getsize(zip_path) / MB
    if zip_mb < documents_mb:
        sys.exit(f"the ZIP has {zip_mb:.1f} MB, less than the {documents_mb} MB of documents")
    count = check(zip_path, uploaded)
    os.remove(zip_path)

    growth_mb = max(0, peak_kb - before_kb) / 1024
    result = {
        "database": "sqlite", "store": "local disk", "documents": count, "documents_mb": documents_mb,
        "zip_mb": round(zip_mb, 1), "seconds": round(seconds, 2), "mb_per_s": round(zip_mb / seconds, 1),
        "rss_before_mb": round(before_kb / 1024, 1), "rss_peak_mb": round(peak_kb / 1024, 1),
        "growth_mb": round(growth_mb, 1), "target_growth_mb": TARGET_GROWTH_MB,
        "meets_target": growth_mb < TARGET_GROWTH_MB,
        "warm_up_growth_mb": round(max(0, warm_peak - warm_before) / 1024, 1),
        "rss_samples": len(samples),
        "machine": json.loads(os.environ["SAMLET_BENCH_MACHINE"]), "date": date.today().isoformat(),
    }
    if os.environ.get("SAMLET_BENCH_EXPORT_CURVE"):
        with open(os.environ["SAMLET_BENCH_EXPORT_CURVE"], "w") as f:
            json.dump(samples, f)
    with open(os.path.join(ROOT, "bench", "results", "export.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
