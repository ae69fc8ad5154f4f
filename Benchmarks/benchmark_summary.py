"""Summarizes results of `mi benchmark` (and of Benchmarks/benchmark_peers.py) for
BENCHMARKS.md: per estimator the median over tasks of the median |error| over seeds, the
tasks it wins, the median seconds; and `auto` against the best of our other estimators on
each task (the issue's goal: within 1.5x of the best error, median over seeds).

Usage: benchmark_summary.py RESULTS.jsonl [MORE.jsonl ...] [--samples N]"""
import argparse
import collections
import json
import statistics


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("files", nargs="+")
    parser.add_argument("--samples", type=int, default=None)
    arguments = parser.parse_args()
    runs = [json.loads(line) for path in arguments.files for line in open(path) if line.strip()]
    size = arguments.samples or max(r["samples"] for r in runs)
    runs = [r for r in runs if r["samples"] == size]
    label = lambda r: r["estimator"] if "tool" not in r else "%s: %s" % (r["tool"], r["estimator"])
    errors = collections.defaultdict(list)
    seconds = collections.defaultdict(list)
    failed = collections.Counter()
    truth = {}
    for r in runs:
        truth[r["task"]] = r["truth"]
        if r["status"] == "ok":
            errors[(label(r), r["task"])].append(abs(r["estimate"] - r["truth"]))
            seconds[label(r)].append(r.get("seconds", 0))
        else:
            failed[label(r)] += 1
    labels = sorted({l for l, _ in errors} | set(failed), key=lambda l: (":" in l, l))
    tasks = sorted(truth)
    median_error = {(l, t): statistics.median(v) for (l, t), v in errors.items()}
    ours = [l for l in labels if ":" not in l and l != "auto"]
    wins = collections.Counter()
    for t in tasks:
        candidates = [(median_error[(l, t)], l) for l in labels if (l, t) in median_error]
        if candidates:
            wins[min(candidates)[1]] += 1
    print("## %d tasks at %d samples, %d seeds" % (len(tasks), size, len({r["seed"] for r in runs})))
    print()
    print("| estimator | tasks run | failed runs | median over tasks of median abs error (nats) | mean | tasks with the lowest error | median seconds |")
    print("|---|---|---|---|---|---|---|")
    for l in labels:
        values = [median_error[(l, t)] for t in tasks if (l, t) in median_error]
        if not values:
            print("| %s | 0 | %d | – | – | 0 | – |" % (l, failed[l]))
            continue
        print("| %s | %d | %d | %.3f | %.3f | %d | %.3g |" % (
            l, len(values), failed[l], statistics.median(values), statistics.mean(values), wins[l], statistics.median(seconds[l])))
    if "auto" in labels:
        print()
        ratios, misses = [], []
        for t in tasks:
            if ("auto", t) not in median_error:
                continue
            best = min((median_error[(l, t)], l) for l in ours if (l, t) in median_error)
            auto = median_error[("auto", t)]
            within = auto <= 1.5 * best[0] or auto - best[0] <= 0.01
            ratios.append(auto / best[0] if best[0] > 0 else float("inf"))
            if not within:
                misses.append("%s (auto %.3f, best %s %.3f)" % (t, auto, best[1], best[0]))
        strict = sum(1 for r in ratios if r <= 1.5)
        print("auto against the best of %s per task: within 1.5x on %d of %d tasks; within 1.5x or 0.01 nats on %d of %d." % (
            ", ".join(ours), strict, len(ratios), len(ratios) - len(misses), len(ratios)))
        for miss in misses:
            print("  outside: " + miss)


if __name__ == "__main__":
    main()
