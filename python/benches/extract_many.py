"""Throughput of `sitrep.extract_many` against `sitrep extract --format jsonl FILES > /dev/null`, both on all
cores, on the development documents of ../shared repeated to 50 MB (the same bytes for both).

    python python/benches/extract_many.py [SITREP_BINARY] [MEGABYTES]

Prints MB/s of each (best of three runs, taken in turn), their CPU time, and the ratio of throughputs.
"""

import os
import resource
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


def timed(f, who):
    """Wall and CPU seconds (user and system) of `f()`; `who`: the process whose CPU counts."""
    before, start = resource.getrusage(who), time.perf_counter()
    f()
    wall, after = time.perf_counter() - start, resource.getrusage(who)
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


with tempfile.TemporaryDirectory() as tmp:
    files = []
    for i, text in enumerate(texts):
        path = Path(tmp) / f"{i:06d}.txt"
        path.write_text(text, encoding="utf-8")
        files.append(str(path))
    with open(os.devnull, "wb") as null:

        def cli_run():
            subprocess.run([binary, "extract", "--format", "jsonl", *files], stdout=null, check=True)

        # Turn about, so that the load of other processes falls on both alike; the best of three each.
        cli, python = [], []
        for _ in range(3):
            cli.append(timed(cli_run, resource.RUSAGE_CHILDREN))
            python.append(timed(lambda: sitrep.extract_many(texts, threads=None), resource.RUSAGE_SELF))

entries = sum(map(len, sitrep.extract_many(texts)))
(cli_wall, cli_cpu), (py_wall, py_cpu) = min(cli), min(python)
print(f"{len(texts)} texts, {size / 1e6:.1f} MB, {entries} entries, {os.cpu_count()} cores")
print(
    f"sitrep extract --format jsonl FILES > /dev/null: {cli_wall:.2f} s, {size / 1e6 / cli_wall:.1f} MB/s (CPU {cli_cpu:.1f} s)"
)
print(
    f"sitrep.extract_many(texts, threads=None):        {py_wall:.2f} s, {size / 1e6 / py_wall:.1f} MB/s (CPU {py_cpu:.1f} s)"
)
print(f"extract_many / CLI throughput: {cli_wall / py_wall:.1%}")
