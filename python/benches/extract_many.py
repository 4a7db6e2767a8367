"""Throughput of `sitrep.extract_many` against `sitrep extract --format jsonl FILES > /dev/null`, both on all
cores, on the development documents of ../shared repeated to 50 MB (the same bytes for both).

    python python/benches/extract_many.py [SITREP_BINARY] [MEGABYTES]

Prints MB/s of each (best of three runs) and their ratio.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sitrep

REPO = Path(__file__).resolve().parents[2]
binary = sys.argv[1] if len(sys.argv) > 1 else str(REPO / "target" / "release" / "sitrep")
megabytes = float(sys.argv[2]) if len(sys.argv) > 2 else 50.0

documents = sorted(p for folder in ("seeds", "dev") for p in (REPO.parent / "shared" / folder).glob("*.txt"))
if not documents:
    sys.exit("no development documents in ../shared (seeds/, dev/)")
texts = []
while sum(len(t.encode()) for t in texts) < megabytes * 1e6:
    texts += [p.read_text(encoding="utf-8") for p in documents]
size = sum(len(t.encode()) for t in texts)


def best_of(runs, f):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        f()
        times.append(time.perf_counter() - start)
    return min(times)


with tempfile.TemporaryDirectory() as tmp:
    files = []
    for i, text in enumerate(texts):
        path = Path(tmp) / f"{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    with open(os.devnull, "wb") as null:
        cli = best_of(3, lambda: subprocess.run([binary, "extract", "--format", "jsonl", *files], stdout=null, check=True))

python = best_of(3, lambda: sitrep.extract_many(texts, threads=None))
entries = sum(map(len, sitrep.extract_many(texts)))
print(f"{len(texts)} texts, {size / 1e6:.1f} MB, {entries} entries, {os.cpu_count()} cores")
print(f"sitrep extract --format jsonl FILES > /dev/null: {cli:.2f} s, {size / 1e6 / cli:.1f} MB/s")
print(f"sitrep.extract_many(texts, threads=None):        {python:.2f} s, {size / 1e6 / python:.1f} MB/s")
print(f"extract_many / CLI: {cli / python:.1%}")
