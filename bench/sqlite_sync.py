#!/usr/bin/env python3
"""What synchronous = FULL costs SQLite per commit on this disk, against NORMAL (both in WAL
mode, as the server runs it): 500 small write transactions each, three rounds alternating.
Run: python3 bench/sqlite_sync.py [folder on the disk the data folder is on]"""
import sys
import sqlite3, time, os, tempfile, statistics, shutil
FOLDER = sys.argv[1] if len(sys.argv) > 1 else '.'
def run(mode, n=500):
    d=tempfile.mkdtemp(dir=FOLDER); p=os.path.join(d,'t.db')
    c=sqlite3.connect(p, isolation_level=None)
    c.execute('PRAGMA journal_mode=WAL'); c.execute(f'PRAGMA synchronous={mode}')
    c.execute('CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)')
    times=[]
    for i in range(n):
        t=time.perf_counter(); c.execute('BEGIN IMMEDIATE'); c.execute('INSERT INTO t (body) VALUES (?)', ('x'*500,)); c.execute('COMMIT'); times.append(time.perf_counter()-t)
    c.close(); shutil.rmtree(d)
    return statistics.median(times)*1000, sorted(times)[int(n*0.99)]*1000
for r in range(3):
    for m in ['NORMAL','FULL']:
        med,p99=run(m); print(m, f'median {med:.3f} ms p99 {p99:.3f} ms')
