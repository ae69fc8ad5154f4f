"""Blahut–Arimoto on the issue-13 benchmark channel (256 x 256 by default) in NumPy and
with dit, in one process; one JSON line per implementation, like tensor-benchmarks'.

- numpy: the plain Blahut–Arimoto iteration with the same certificate and stopping rule as
  MIDiscrete's `ChannelCapacity(accelerated: false)`: stop when max_x D(W_x || pW) - I(p; W)
  <= tolerance; vectorized (two matrix-vector products per iteration).
- numpy accelerated: the same algorithm as `ChannelCapacity()` (accelerated): two steps and
  a squared extrapolation (SQUAREM) kept when it raises I, Newton's method on the inputs near
  the maximum at iterations 100, 200, 400, ..., the best bounds seen as the certificate;
  the constants are MIDiscrete's.
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


class Evaluator:
    """The bounds and the Blahut–Arimoto map, as MIDiscrete's `ChannelCapacity.Evaluator`."""

    def __init__(self, w):
        self.w = w
        self.row_terms = np.sum(np.where(w > 0, w * np.log(np.where(w > 0, w, 1)), 0), axis=1)

    def evaluate(self, p):
        self.q = p @ self.w
        log_q = np.log(np.where(self.q > 0, self.q, 1))
        self.d = self.row_terms - self.w @ log_q
        self.lower = max(float(p @ self.d), 0.0)
        self.upper = max(float(self.d.max()), self.lower)
        return self.lower, self.upper

    def step(self, p):
        nxt = p * np.exp(self.d - self.upper)
        return nxt / nxt.sum()

    def polish(self, start, gap):
        w, m = self.w, self.w.shape[0]
        p = start.copy()
        lower, upper = self.evaluate(p)
        active = np.nonzero((self.d >= upper - 10 * gap) | (p > 0.01 / m))[0]
        if len(active) < 1 or len(active) > 2000:
            return p, 0
        keep = np.zeros(m, dtype=bool)
        keep[active] = True
        p[~keep] = 0
        p /= p.sum()
        lower, upper = self.evaluate(p)
        steps = 0
        for _ in range(60):
            steps += 1
            wa = w[active]
            inv_q = np.where(self.q > 0, 1 / np.where(self.q > 0, self.q, 1), 0)
            matrix = (wa * inv_q) @ wa.T
            matrix += 1e-10 * max(matrix.diagonal().max(), 1e-300) * np.eye(len(active))
            try:
                solved = np.linalg.solve(matrix, np.stack([self.d[active] - 1, np.ones(len(active))], axis=1))
            except np.linalg.LinAlgError:
                break
            nu = solved[:, 0].sum() / solved[:, 1].sum()
            delta = solved[:, 0] - nu * solved[:, 1]
            limit, blocking = 1.0, None
            for i in np.nonzero(delta < 0)[0]:
                if -p[active[i]] / delta[i] < limit:
                    limit, blocking = -p[active[i]] / delta[i], i
            t, improved = limit, False
            for _ in range(40):
                trial = p.copy()
                trial[active] = np.maximum(p[active] + t * delta, 0)
                if t == limit and blocking is not None:
                    trial[active[blocking]] = 0
                trial /= trial.sum()
                trial_lower, trial_upper = self.evaluate(trial)
                if trial_lower >= lower:
                    p, lower, upper, improved = trial, trial_lower, trial_upper, True
                    break
                t /= 2
            self.evaluate(p)
            if not improved:
                break
            active = active[p[active] > 0]
            if len(active) == 0 or upper - lower <= 1e-14 * max(1, upper):
                break
        return p, steps


def accelerated(w, tol, limit=1_000_000):
    m = w.shape[0]
    ev = Evaluator(w)
    best = {"lower": 0.0, "upper": math.inf, "input": None}
    state = {"iteration": 0}

    def record(p):
        lower, upper = ev.evaluate(p)
        if lower > best["lower"] or best["input"] is None:
            best["lower"], best["input"] = lower, p
        if upper < best["upper"]:
            best["upper"] = upper
        return max(best["upper"], best["lower"]) - best["lower"] <= tol

    p0 = np.full(m, 1 / m)
    converged = record(p0)
    evaluated, next_polish = True, 100
    while not converged and state["iteration"] < limit:
        if state["iteration"] >= next_polish:
            next_polish = state["iteration"] * 2
            polished, steps = ev.polish(best["input"], max(best["upper"] - best["lower"], tol))
            state["iteration"] += steps
            converged = record(polished)
            if converged:
                break
            if ev.lower >= best["lower"] - 1e-15:
                p0, evaluated = polished, True
        if not evaluated:
            ev.evaluate(p0)
        p1 = ev.step(p0)
        state["iteration"] += 1
        converged = record(p1)
        if converged:
            break
        p2 = ev.step(p1)
        state["iteration"] += 1
        converged = record(p2)
        if converged:
            break
        lower2 = ev.lower
        r, v = p1 - p0, p2 - 2 * p1 + p0
        rr, vv = float(r @ r), float(v @ v)
        if vv <= 0 or rr <= 0:
            p0, evaluated = p2, True
            continue
        alpha = min(-1.0, -math.sqrt(rr / vv))
        extrapolated = np.maximum(p0 - 2 * alpha * r + alpha * alpha * v, 0.01 * p2)
        extrapolated /= extrapolated.sum()
        state["iteration"] += 1
        converged = record(extrapolated)
        evaluated = ev.lower >= lower2
        p0 = extrapolated if evaluated else p2
    return best["lower"], max(best["upper"], best["lower"]), state["iteration"]


def timed(run):
    """The last result of `run()` and the median seconds of `repetitions` calls."""
    times = []
    for _ in range(repetitions):
        start = time.perf_counter()
        result = run()
        times.append(time.perf_counter() - start)
    return result, statistics.median(times)


w = channel(size)
for variant, solver in (("plain", blahut_arimoto), ("accelerated", accelerated)):
    (lower, upper, iterations), seconds = timed(lambda: solver(w, tolerance))
    print(json.dumps({"bench": "blahut-arimoto", "implementation": "numpy", "variant": variant, "size": size, "tolerance": tolerance,
                      "seconds": seconds, "iterations": iterations, "capacity": lower, "gap": upper - lower,
                      "converged": upper - lower <= tolerance}), flush=True)
try:
    import dit
    from dit.algorithms.channelcapacity import channel_capacity
    (capacity_bits, _), seconds = timed(lambda: channel_capacity(w, rtol=tolerance, atol=tolerance))
    print(json.dumps({"bench": "blahut-arimoto", "implementation": f"dit {dit.__version__}", "variant": "its own stopping rule",
                      "size": size, "tolerance": tolerance, "seconds": seconds,
                      "capacity": capacity_bits * math.log(2)}), flush=True)
except ImportError:
    print(json.dumps({"bench": "blahut-arimoto", "implementation": "dit", "skipped": "dit is not installed"}))
