"""The per-task table of BENCHMARKS.md's "Neural estimators against bmi and torch-mist": for
each task, the median over seeds of the error (estimate − truth, nats) and of the seconds of
each neural estimator, ours and the peers', from `mi benchmark` and benchmark_peers.py
results on the same task files; then, per bound, on how many tasks ours is at least as close
as each peer's same bound and how much faster.

Usage: neural_summary.py ours-neural.jsonl peers-neural.jsonl"""
import collections
import json
import statistics
import sys

runs = collections.defaultdict(list)
truth = {}
for path in sys.argv[1:]:
    for line in open(path):
        if not line.strip():
            continue
        r = json.loads(line)
        runs[(r.get("tool", "ours"), r["estimator"], r["task"])].append(r)
        truth[r["task"]] = r["truth"]

columns = [("ours", b) for b in ("infonce", "smile", "nwj", "dv", "mine")] + [
    ("bmi", "infonce"), ("bmi", "nwj"), ("torch-mist", "smile"), ("torch-mist", "infonce"), ("torch-mist", "nwj")]
columns = [c for c in columns if any(k[:2] == c for k in runs)]


def cell(tool, estimator, task):
    v = runs.get((tool, estimator, task), [])
    ok = [r for r in v if r["status"] == "ok"]
    if not v:
        return None, None, "–"
    if len(ok) * 2 <= len(v):
        return None, None, "%d of %d failed" % (len(v) - len(ok), len(v))
    error = statistics.median(r["error"] for r in ok)
    seconds = statistics.median(r["seconds"] for r in ok)
    failed = " (%d failed)" % (len(v) - len(ok)) if len(ok) < len(v) else ""
    return error, seconds, "%+.3f in %.1f s%s" % (error, seconds, failed)


tasks = sorted(truth, key=lambda t: (truth[t], t))
print("| task (truth) | " + " | ".join("%s %s" % c for c in columns) + " |")
print("|---|" + "---|" * len(columns))
for t in tasks:
    print("| %s (%.3f) | " % (t, truth[t]) + " | ".join(cell(tool, e, t)[2] for tool, e in columns) + " |")

print()
pairs = [("infonce", "bmi", "infonce"), ("nwj", "bmi", "nwj"), ("smile", "torch-mist", "smile"),
         ("infonce", "torch-mist", "infonce"), ("nwj", "torch-mist", "nwj")]
print("| ours | peer | tasks compared | ours at least as close | median speed-up (peer s / ours s) | speed-up range |")
print("|---|---|---|---|---|---|")
for ours, tool, peer in pairs:
    closer, ratios, compared = 0, [], 0
    for t in tasks:
        e1, s1, _ = cell("ours", ours, t)
        e2, s2, _ = cell(tool, peer, t)
        if e2 is None or s2 is None:
            continue
        compared += 1
        if e1 is not None and abs(e1) <= abs(e2) + 0.005:
            closer += 1
        if s1:
            ratios.append(s2 / s1)
    if compared:
        print("| %s | %s %s | %d | %d | %.1f× | %.1f–%.1f× |" % (
            ours, tool, peer, compared, closer, statistics.median(ratios), min(ratios), max(ratios)))

# The faster of bmi and torch-mist per task (their best bound there), against our InfoNCE.
print()
faster = []
for t in tasks:
    e1, s1, _ = cell("ours", "infonce", t)
    peer = [cell(tool, e, t) for tool, e in columns if tool != "ours"]
    times = [s for _, s, _ in peer if s is not None]
    if s1 and times:
        faster.append(min(times) / s1)
if faster:
    print("ours infonce against the faster peer estimate per task: median %.1f×, range %.1f–%.1f×" % (
        statistics.median(faster), min(faster), max(faster)))
