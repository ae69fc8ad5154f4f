"""KSG (k = 3) side by side: `mi estimate` against scikit-learn, NPEET (npeet-plus) and ennemi.

Usage: python ksg_peers.py PATH/TO/mi [--sizes 1000,10000,100000,1000000] [--dims 1,5]

For each N and dimension d (X and Y both d-dimensional, pairs (X_i, Y_i) with correlation
0.6, so the true MI is d * -0.5*log(1 - 0.36) = 0.2231*d nats) it writes the data once as
.npy and reports, per tool, the median wall time, the peak resident memory and the
estimate. Our time is the whole `mi estimate FILE.npy` process (start-up and file reading
included), spawned directly; the peers' time is their estimator call alone, data already in
memory. Medians over 11 runs up to N = 10^5 and 3 at 10^6 for us, 3 runs at 10^5 and 1 at
10^6 for the peers (their calls take far longer). Each peer
runs in its own Python process so its peak memory can be read (that number includes the
interpreter and its imports, reported separately as the baseline).

scikit-learn and ennemi estimate MI between a scalar target and each feature separately,
so they have no 5x5 (multivariate X against multivariate Y) entry.
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
DATA = os.path.join(HERE, "data")
RHO = 0.6

WORKER = r"""
import json, sys, time
import numpy as np
tool, path, d, repeats = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
a = np.load(path)
x, y = a[:, :d].copy(), a[:, d:].copy()
if tool == "sklearn":
    from sklearn.feature_selection import mutual_info_regression
    call = lambda: float(mutual_info_regression(x, y[:, 0], n_neighbors=3, random_state=0)[0])
elif tool == "npeet":
    import npeet_plus as ee
    call = lambda: float(ee.mi(x, y, k=3, base=np.e))
elif tool == "ennemi":
    from ennemi import estimate_mi
    call = lambda: float(estimate_mi(y[:, 0], x[:, 0], k=3)[0, 0])
elif tool == "baseline":
    import sklearn.feature_selection, npeet_plus, ennemi
    call = lambda: 0.0
times, values = [], []
for _ in range(repeats):
    start = time.perf_counter()
    values.append(call())
    times.append(time.perf_counter() - start)
print(json.dumps({"times": times, "values": values}))
"""


def peak_kb(stderr):
    for line in reversed(stderr.strip().splitlines()):
        if line.startswith("PEAK_KB="):
            return int(line.split("=")[1])
    return None


def run_peer(tool, path, d, repeats, timeout):
    command = ["/usr/bin/time", "-f", "PEAK_KB=%M", sys.executable, "-c", WORKER, tool, path, str(d), str(repeats)]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-2000:])
    data = json.loads(result.stdout.strip().splitlines()[-1])
    return data["times"], data["values"], peak_kb(result.stderr)


def run_ours(binary, path, d, repeats):
    """Times the whole `mi` process, spawned directly (no wrapper), and reads its own peak
    resident memory from wait4's rusage."""
    times, values, peaks, internal = [], [], [], []
    x = "0" if d == 1 else f"0:{d}"
    y = str(d) if d == 1 else f"{d}:{2 * d}"
    for _ in range(repeats):
        command = [binary, "estimate", path, "--x", x, "--y", y, "--k", "3", "--format", "json"]
        start = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        output = process.stdout.read()
        errors = process.stderr.read()
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            raise RuntimeError(errors.decode())
        report = json.loads(output)
        times.append(elapsed)
        values.append(report["mi"])
        internal.append(report["seconds"])
        peaks.append(usage.ru_maxrss)  # KiB on Linux
    return times, values, max(peaks), internal


def repeats_for(n):
    return 11 if n <= 100_000 else 3


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--sizes", default="1000,10000,100000,1000000")
    parser.add_argument("--dims", default="1,5")
    parser.add_argument("--peer-budget", type=float, default=600.0,
                        help="skip a peer at larger N once one call took longer than this many seconds / 10")
    parser.add_argument("--peer-timeout", type=float, default=1200.0,
                        help="stop a peer's run after this many seconds and report it as slower than that")
    args = parser.parse_args()
    os.makedirs(DATA, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    dims = [int(s) for s in args.dims.split(",")]

    _, _, baseline = run_peer("baseline", write_data(1000, 1), 1, 1, 600)
    print(f"Python baseline (interpreter + numpy + scikit-learn + npeet-plus + ennemi imported): {baseline / 1024:.0f} MiB")
    print()
    print("| d | N | true MI | tool | median time (s) | time / ours | peak memory (MiB) | estimate (nats) |")
    print("|---|---|---|---|---|---|---|---|")
    slow = set()
    for d in dims:
        for n in sizes:
            path = write_data(n, d)
            truth = d * -0.5 * np.log(1 - RHO * RHO)
            times, values, peak, internal = run_ours(args.binary, path, d, repeats_for(n))
            ours = statistics.median(times)
            print(f"| {d}×{d} | {n:,} | {truth:.4f} | **mi estimate** (whole process; in-process {statistics.median(internal):.4f} s) "
                  f"| {ours:.4f} | 1 | {peak / 1024:.0f} | {statistics.median(values):.4f} |", flush=True)
            for tool in ["sklearn", "npeet", "ennemi"]:
                if d > 1 and tool != "npeet":
                    print(f"| {d}×{d} | {n:,} | | {tool} | n/a (scalar target only) | | | |", flush=True)
                    continue
                if (tool, d) in slow:
                    print(f"| {d}×{d} | {n:,} | | {tool} | skipped (a smaller N took > {args.peer_budget / 10:.0f} s) | | | |", flush=True)
                    continue
                repeats = 1 if n >= 1_000_000 else (3 if n >= 100_000 else repeats_for(n))
                try:
                    t, v, p = run_peer(tool, path, d, repeats, timeout=args.peer_timeout)
                except subprocess.TimeoutExpired:
                    print(f"| {d}×{d} | {n:,} | | {tool} | > {args.peer_timeout:.0f} (stopped) | > {args.peer_timeout / ours:.1f} | | |", flush=True)
                    slow.add((tool, d))
                    continue
                except Exception as error:  # report and go on
                    lines = str(error).strip().splitlines() or [type(error).__name__]
                    print(f"| {d}×{d} | {n:,} | | {tool} | failed: {lines[-1][:80]} | | | |", flush=True)
                    continue
                median = statistics.median(t)
                if median > args.peer_budget / 10:
                    slow.add((tool, d))
                print(f"| {d}×{d} | {n:,} | | {tool} | {median:.4f} | {median / ours:.1f} | {p / 1024:.0f} | "
                      f"{statistics.median(v):.4f} |", flush=True)


def write_data(n, d):
    path = os.path.join(DATA, f"gaussian_{n}_{d}.npy")
    if not os.path.exists(path):
        rng = np.random.default_rng(20261123 + n + d)
        x = rng.standard_normal((n, d))
        y = RHO * x + np.sqrt(1 - RHO * RHO) * rng.standard_normal((n, d))
        np.save(path, np.hstack([x, y]))
    return path


if __name__ == "__main__":
    main()
