"""Blahut–Arimoto on the issue-13 benchmark channel (256 x 256 by default) in NumPy and
with dit, in one process; one JSON line per implementation, like tensor-benchmarks'.

- numpy: the plain Blahut–Arimoto iteration with the same certificate and stopping rule as
  MIDiscrete's `ChannelCapacity(accelerated: false)`: stop when max_x D(W_x || pW) - I(p; W)
  <= tolerance; vectorized (two matrix-vector products per iteration).
- dit: `dit.algorithms.channel_capacity` (dit 2.3), its own Blahut–Arimoto, which stops when
  successive values agree within atol/rtol (set to the tolerance; no certificate; bits).

The channel: W(y|x) proportional to u(x, y) + 0.01, u from a 32-bit integer hash, built bit
for bit as in Benchmarks/TensorBenchmarks/DiscreteTiming.swift.
Usage: python3 Benchmarks/blahut_arimoto_peers.py [SIZE] [TOLERANCE] [REPETITIONS]"""
import json
import math
import statistics
import sys
import time

import numpy as np

size = int(sys.argv[1]) if len(sys.argv) > 1 else 256
tolerance = float(sys.argv[2]) if len(sys.argv) > 2 else 1e-9
repetitions = int(sys.argv[3]) if len(sys.argv) > 3 else 7
M = 0xFFFFFFFF


def channel(n):
    x = np.arange(n, dtype=np.uint64)[:, None]
    y = np.arange(n, dtype=np.uint64)[None, :]
    h = ((((x * 2654435761) & M) ^ ((y * 40503) & M)) + 12345) & M
    mixed = ((h ^ (h >> 15)) * 2246822519) & M
    raw = (mixed ^ (mixed >> 13)).astype(np.float64) / 4294967296 + 0.01
    return raw / raw.sum(axis=1, keepdims=True)


def blahut_arimoto(w, tol, limit=10_000_000):
    m = w.shape[0]
    row_terms = np.sum(np.where(w > 0, w * np.log(np.where(w > 0, w, 1)), 0), axis=1)
    p = np.full(m, 1 / m)
    iterations = 0
    while True:
        q = p @ w
        d = row_terms - w @ np.log(q)
        lower, upper = max(float(p @ d), 0.0), float(d.max())
        if upper - lower <= tol or iterations == limit:
            return lower, upper, iterations
        p = p * np.exp(d - upper)
        p /= p.sum()
        iterations += 1


w = channel(size)
results = []
times = []
for _ in range(repetitions):
    start = time.perf_counter()
    lower, upper, iterations = blahut_arimoto(w, tolerance)
    times.append(time.perf_counter() - start)
print(json.dumps({"bench": "blahut-arimoto", "implementation": "numpy", "variant": "plain", "size": size, "tolerance": tolerance,
                  "seconds": statistics.median(times), "iterations": iterations, "capacity": lower, "gap": upper - lower,
                  "converged": upper - lower <= tolerance}), flush=True)
try:
    import dit
    from dit.algorithms.channelcapacity import channel_capacity
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        capacity_bits, _ = channel_capacity(w, rtol=tolerance, atol=tolerance)
        times.append(time.perf_counter() - start)
    print(json.dumps({"bench": "blahut-arimoto", "implementation": f"dit {dit.__version__}", "variant": "its own stopping rule",
                      "size": size, "tolerance": tolerance, "seconds": statistics.median(times),
                      "capacity": capacity_bits * math.log(2)}), flush=True)
except ImportError:
    print(json.dumps({"bench": "blahut-arimoto", "implementation": "dit", "skipped": "dit is not installed"}))
