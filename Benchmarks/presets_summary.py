"""Summarizes Benchmarks/run-presets.sh: per bound and task, the mean estimate over seeds,
the seed-to-seed standard deviation, the mean reported standard error, and the mean time."""
import json
import statistics
import sys
from collections import defaultdict

rows = [json.loads(line) for line in open(sys.argv[1]) if line.startswith("{")]
groups = defaultdict(list)
for row in rows:
    groups[(row["bound"], row["d"], row["true_mi"])].append(row)
bounds = list(dict.fromkeys(row["bound"] for row in rows))
tasks = sorted({(row["d"], row["true_mi"]) for row in rows})
print("| bound | " + " | ".join(f"d={d}, I={mi:g}" for d, mi in tasks) + " | seconds per run |")
print("|---|" + "---|" * (len(tasks) + 1))
for bound in bounds:
    cells, seconds = [], []
    for task in tasks:
        runs = groups.get((bound,) + task, [])
        values = [r["estimate"] for r in runs if "estimate" in r]
        errors = [r["standard_error"] for r in runs if r.get("standard_error") is not None]
        seconds += [r["seconds"] for r in runs if "seconds" in r]
        failed = len(runs) - len(values)
        if not values:
            cells.append("failed" if runs else "")
            continue
        cell = f"{statistics.mean(values):.2f}"
        if len(values) > 1:
            cell += f" ± {statistics.stdev(values):.2f}"
        if errors:
            cell += f" (SE {statistics.mean(errors):.2f})"
        if failed:
            cell += f", {failed} failed"
        cells.append(cell)
    print(f"| {bound} | " + " | ".join(cells) + f" | {statistics.median(seconds):.1f} |")
