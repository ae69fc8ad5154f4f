"""Loopy belief propagation on the issue-13 benchmark Ising grid (100 x 100 by default) in
NumPy, vectorized over the grid: the same flooding schedule, normalized messages and
stopping rule (the largest change of a message probability <= tolerance) as MIDiscrete's
`BeliefPropagation`; one JSON line like tensor-benchmarks'. The fields come from the same
32-bit hash as Benchmarks/TensorBenchmarks/DiscreteTiming.swift. (dit has no belief
propagation, so it is not in this comparison.)
Usage: python3 Benchmarks/belief_propagation_peers.py [SIDE] [COUPLING] [TOLERANCE] [REPETITIONS]"""
import json
import statistics
import sys
import time

import numpy as np

side = int(sys.argv[1]) if len(sys.argv) > 1 else 100
coupling = float(sys.argv[2]) if len(sys.argv) > 2 else 0.25
tolerance = float(sys.argv[3]) if len(sys.argv) > 3 else 1e-9
repetitions = int(sys.argv[4]) if len(sys.argv) > 4 else 5
M = 0xFFFFFFFF

site = np.arange(side * side, dtype=np.uint64)
h = ((site * 2654435761) & M) + 12345 & M
mixed = ((h ^ (h >> 15)) * 2246822519) & M
fields = 0.2 * ((mixed ^ (mixed >> 13)).astype(np.float64) / 4294967296 - 0.5)
spins = np.array([-1.0, 1.0])
phi = np.exp(fields.reshape(side, side, 1) * spins)          # (side, side, 2)
phi /= phi.max(axis=2, keepdims=True)
psi = np.exp(coupling * np.outer(spins, spins))
psi /= psi.max()


def run():
    # Messages arriving at each site from its left, right, upper and lower neighbour.
    left = np.full((side, side, 2), 0.5)
    right = np.full((side, side, 2), 0.5)
    up = np.full((side, side, 2), 0.5)
    down = np.full((side, side, 2), 0.5)
    for iteration in range(1, 10001):
        # The message a site sends rightward excludes what it received from the right, etc.
        to_right = (phi * left * up * down)[:, :-1] @ psi
        to_left = (phi * right * up * down)[:, 1:] @ psi
        to_down = (phi * left * right * up)[:-1, :] @ psi
        to_up = (phi * left * right * down)[1:, :] @ psi
        new_left, new_right, new_up, new_down = left.copy(), right.copy(), up.copy(), down.copy()
        new_left[:, 1:] = to_right / to_right.sum(axis=2, keepdims=True)
        new_right[:, :-1] = to_left / to_left.sum(axis=2, keepdims=True)
        new_up[1:, :] = to_down / to_down.sum(axis=2, keepdims=True)
        new_down[:-1, :] = to_up / to_up.sum(axis=2, keepdims=True)
        residual = max(np.abs(new_left - left).max(), np.abs(new_right - right).max(),
                       np.abs(new_up - up).max(), np.abs(new_down - down).max())
        left, right, up, down = new_left, new_right, new_up, new_down
        if residual <= tolerance:
            break
    belief = phi * left * right * up * down
    belief /= belief.sum(axis=2, keepdims=True)
    return iteration, residual <= tolerance, float((belief[:, :, 1] - belief[:, :, 0]).mean())


times = []
for _ in range(repetitions):
    start = time.perf_counter()
    iterations, converged, magnetization = run()
    times.append(time.perf_counter() - start)
print(json.dumps({"bench": "belief-propagation", "implementation": "numpy", "side": side, "coupling": coupling, "tolerance": tolerance,
                  "seconds": statistics.median(times), "iterations": iterations, "converged": bool(converged),
                  "mean_magnetization": magnetization}), flush=True)
