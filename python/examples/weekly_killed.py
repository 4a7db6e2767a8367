"""Notebook-style walk through sitrep from Python: extract a folder of documents, tally the incidents by
claimant, and plot the killed per week as a PNG.

    python python/examples/weekly_killed.py FOLDER [--png killed_per_week.png] [--published YYYY-MM-DD]

--published dates the documents that give no date of their own (as `sitrep ingest --published`).
"""

import argparse
import tempfile
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # no display needed: the chart goes to a file
import matplotlib.pyplot as plt
import sitrep

parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
parser.add_argument("folder", type=Path)
parser.add_argument("--png", type=Path, default=Path("killed_per_week.png"))
parser.add_argument("--published", help="publication day of the documents that give none (YYYY-MM-DD)")
args = parser.parse_args()

# 1. Extract: every entry of every document, on all cores, as a typed DataFrame (one row per entry).
paths = sorted(args.folder.rglob("*.txt"))
found = sitrep.extract_many([p.read_text(encoding="utf-8") for p in paths], published=args.published)
entries = sitrep.entries_frame(dict(entry, document=p.name) for p, those in zip(paths, found) for entry in those)
print(f"{len(entries)} entries from {len(paths)} documents")
print(entries[["document", "kind", "claimant", "province", "killed_best", "date_start"]].head(8).to_string())

with tempfile.TemporaryDirectory() as tmp:
    # 2. Tally by claimant: stored and linked into incidents first, so that a group's claim and the ministry's
    #    account of one attack count once.
    store = sitrep.Store(Path(tmp) / "sitrep.db")
    store.ingest(paths, published=args.published)
    by_claimant = store.tally(by="claimant")
    print()
    print(by_claimant[["claimant", "incidents", "killed_best", "wounded_best", "provinces"]].to_string(index=False))

    # 3. Killed per week, each incident once; undated incidents are left out.
    weekly = store.tally(by="week").dropna(subset=["week"]).sort_values("week")

ax = weekly.plot.bar(x="week", y="killed_best", color="firebrick", legend=False, figsize=(9, 4))
ax.set_xticklabels(weekly["week"].dt.strftime("%Y-%m-%d"), rotation=60, ha="right")
ax.set_xlabel("week starting")
ax.set_ylabel("killed (best figure)")
ax.set_title(f"Killed per week: {args.folder.name}, {int(weekly['incidents'].sum())} dated incidents")
plt.tight_layout()
plt.savefig(args.png, dpi=100)
print(f"\n{len(weekly)} weeks; chart: {args.png}")
