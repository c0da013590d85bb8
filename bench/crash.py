#!/usr/bin/env python3
"""Crash safety (a measurement, not a test): what got a 2xx survives SIGKILL.

Starts the release server in demo mode on a throw-away data folder. Three citizens work at
once: Jens Hansen and Mikkel Sørensen upload documents without pause, Fatima Ali adds to
her appeal without pause, and Jens lodges his appeal. Meanwhile the server is killed with
SIGKILL at random moments and started again, several times. Afterwards every request that
got a 2xx must be there and intact (each document's bytes by SHA-256, each addition's
text, the appeal), and every file in the document store must be whole (its bytes hash to
its name). Prints the counts, writes bench/results/crash.json, and exits 1 on any loss.

    python3 bench/crash.py [--kills 6]          (after scripts/run.sh or test.sh built it)
"""
import argparse
import hashlib
import http.cookiejar
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from datetime import date

from benchlib import ROOT, SERVER, free_port


class Server:
    def __init__(self, data):
        self.data, self.port, self.process = data, free_port(), None
        self.base = f"http://127.0.0.1:{self.port}"

    def start(self):
        log = open(os.path.join(self.data, "server.log"), "ab")
        self.process = subprocess.Popen(
            [SERVER, "--demo", "--sign-in-per-minute", "100000", "--uploads-per-minute", "100000",
             "--bind", "127.0.0.1", "--port", str(self.port), "--data-dir", self.data,
             "--dist-dir", os.path.join(ROOT, "dist")],
            stdout=log, stderr=log, env={**os.environ, "RUST_LOG": "warn"})
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.base}/api/healthz", timeout=1)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("the server did not start")

    def kill(self):
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


class Browser:
    def __init__(self, base, name):
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
        accounts = json.load(self.opener.open(f"{base}/api/demo/accounts", timeout=10))
        account = next(a["account_id"] for a in accounts if a["name"] == name)
        self.call("POST", "/api/session/demo", json.dumps({"account_id": account}).encode(), "application/json")

    def call(self, method, path, body=None, content_type=None, headers=None):
        request = urllib.request.Request(f"{self.base}{path}", data=body, method=method)
        if content_type:
            request.add_header("Content-Type", content_type)
        for name, value in (headers or {}).items():
            request.add_header(name, value)
        with self.opener.open(request, timeout=20) as response:
            return response.status, response.read()


def pdf(serial):
    noise = os.urandom(16).hex()
    return f"%PDF-1.4\n% {serial} {noise}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".encode()


def multipart(title, data):
    boundary = "samlet" + os.urandom(8).hex()
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\n{title}\r\n"
            f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"bilag.pdf\"\r\n"
            f"Content-Type: application/pdf\r\n\r\n").encode() + data + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--kills", type=int, default=6)
    args = parser.parse_args()
    data = tempfile.mkdtemp(prefix="samlet-crash-")
    server = Server(data)
    server.start()
    browsers = {name: Browser(server.base, name) for name in ["Jens Hansen", "Mikkel Sørensen", "Fatima Ali"]}
    acknowledged = {"documents": [], "additions": [], "appeal": None}
    attempts = {"uploads": 0, "additions": 0, "appeal": 0, "cut_off": 0, "refused": {}}
    lock = threading.Lock()
    stop = threading.Event()

    def attempt(kind, action):
        with lock:
            attempts[kind] += 1
        # Neither a refusal nor a cut connection is a 2xx: nothing was promised.
        try:
            action()
        except urllib.error.HTTPError as refusal:
            with lock:
                code = str(refusal.code)
                attempts["refused"][code] = attempts["refused"].get(code, 0) + 1
        except (OSError, urllib.error.URLError, ConnectionError):
            with lock:
                attempts["cut_off"] += 1

    def uploader(name):
        serial = 0
        while not stop.is_set():
            serial += 1
            content = pdf(f"{name} {serial}")
            body, content_type = multipart(f"Bilag {serial}", content)

            def upload():
                status, answer = browsers[name].call("POST", "/api/documents", body, content_type)
                if status == 201:
                    for document in json.loads(answer):
                        with lock:
                            acknowledged["documents"].append((name, document["id"], hashlib.sha256(content).hexdigest()))
            attempt("uploads", upload)

    def adder():
        serial = 0
        while not stop.is_set():
            serial += 1
            text = f"Tilføjelse {serial} {os.urandom(4).hex()}"

            def add():
                status, _ = browsers["Fatima Ali"].call(
                    "POST", "/api/decisions/2/appeal/additions",
                    json.dumps({"text": text, "document_ids": []}).encode(), "application/json")
                if status in (200, 201):
                    with lock:
                        acknowledged["additions"].append(text)
            attempt("additions", add)

    def appeal():
        form = {"part_ids": [3], "part_reasons": [], "reason": "Gælden kom af min sygdom", "document_ids": [],
                "wants_meeting": False, "wants_call": False, "helper": "", "late_reason": ""}
        while not stop.is_set() and acknowledged["appeal"] is None:
            def lodge():
                status, answer = browsers["Jens Hansen"].call(
                    "POST", "/api/decisions/1/appeal", json.dumps(form).encode(), "application/json",
                    {"Idempotency-Key": "crash-appeal-1"})
                if status in (200, 201):
                    acknowledged["appeal"] = json.loads(answer)["reference"]
            attempt("appeal", lodge)
            time.sleep(random.uniform(0.05, 0.5))

    workers = [threading.Thread(target=uploader, args=(name,)) for name in ["Jens Hansen", "Mikkel Sørensen"]]
    workers += [threading.Thread(target=adder), threading.Thread(target=appeal)]
    for worker in workers:
        worker.start()
    random.seed(20261126)
    for _ in range(args.kills):
        time.sleep(random.uniform(0.3, 2.0))
        server.kill()
        time.sleep(random.uniform(0.0, 0.3))
        server.start()
    time.sleep(1.0)
    stop.set()
    for worker in workers:
        worker.join()
    server.kill()
    server.start()

    lost = []
    for name, browser in browsers.items():
        listed = {d["id"] for d in json.loads(browser.call("GET", "/api/documents")[1])}
        for owner, document, sha256 in acknowledged["documents"]:
            if owner != name:
                continue
            if document not in listed:
                lost.append(f"document {document} of {name} is not listed")
                continue
            _, content = browser.call("GET", f"/api/documents/{document}/file")
            if hashlib.sha256(content).hexdigest() != sha256:
                lost.append(f"document {document} of {name} changed")
    fatima = json.loads(browsers["Fatima Ali"].call("GET", "/api/decisions/2/appeal")[1])
    texts = [a["text"] for a in fatima["additions"]]
    lost += [f"addition {text!r} is missing" for text in acknowledged["additions"] if text not in texts]
    if acknowledged["appeal"]:
        jens = json.loads(browsers["Jens Hansen"].call("GET", "/api/decisions/1/appeal")[1])
        if jens["reference"] != acknowledged["appeal"]:
            lost.append("Jens's appeal is missing")
    torn = []
    blobs = os.path.join(data, "documents", "blobs")
    files = 0
    for folder, _, names in os.walk(blobs):
        for name in names:
            files += 1
            with open(os.path.join(folder, name), "rb") as f:
                if hashlib.sha256(f.read()).hexdigest() != name:
                    torn.append(os.path.join(folder, name))
    server.kill()

    result = {"kills": args.kills, "attempts": attempts,
              "acknowledged": {"documents": len(acknowledged["documents"]), "additions": len(acknowledged["additions"]),
                               "appeal": acknowledged["appeal"] is not None},
              "lost": len(lost), "torn_files": len(torn), "stored_files": files, "date": date.today().isoformat()}
    os.makedirs(os.path.join(ROOT, "bench", "results"), exist_ok=True)
    with open(os.path.join(ROOT, "bench", "results", "crash.json"), "w") as f:
        json.dump(result, f, indent=2)
    print(json.dumps(result, indent=2))
    for line in lost + [f"torn file {path}" for path in torn]:
        print("LOST:", line, file=sys.stderr)
    if not (lost or torn):
        subprocess.run(["rm", "-rf", data])
    sys.exit(1 if lost or torn else 0)


if __name__ == "__main__":
    main()
