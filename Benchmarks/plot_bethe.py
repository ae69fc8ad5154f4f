"""Draws the Bethe-recipe figure of docs/Discrete.md from the CSV that
`example-recipe-bethe` prints: per coupling strength J, the fraction of random 4 x 4 spin
glasses on which loopy belief propagation and the double loop converge, and the mean
largest error of their marginals against exact enumeration.
Usage: Benchmarks/plot_bethe.py bethe.csv docs/images/bethe.svg"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.hashsalt"] = "bethe"  # reproducible SVG ids
import matplotlib.pyplot as plt  # noqa: E402

rows = list(csv.DictReader(open(sys.argv[1])))
j = [float(r["J"]) for r in rows]
n = [int(r["instances"]) for r in rows]
figure, (left, right) = plt.subplots(1, 2, figsize=(8, 3.4))
left.plot(j, [int(r["bp_converged"]) / k for r, k in zip(rows, n)], "o-", color="#d62728", label="belief propagation")
left.plot(j, [int(r["double_loop_converged"]) / k for r, k in zip(rows, n)], "s--", color="#1f77b4", label="double loop (CCCP)")
left.set_xlabel("coupling strength J")
left.set_ylabel("fraction converged")
left.set_ylim(-0.05, 1.05)
left.legend(fontsize=8)
bp = [(x, float(r["bp_error"])) for x, r in zip(j, rows) if r["bp_error"]]
right.plot([x for x, _ in bp], [e for _, e in bp], "o-", color="#d62728", label="belief propagation (where it converged)")
right.plot(j, [float(r["double_loop_error"]) for r in rows], "s--", color="#1f77b4", label="double loop")
right.set_xlabel("coupling strength J")
right.set_ylabel("largest marginal error (mean)")
right.legend(fontsize=8)
figure.suptitle("Random 4 × 4 Ising spin glasses, 8 per J: exact marginals by enumeration", fontsize=9)
figure.tight_layout()
figure.savefig(sys.argv[2], metadata={"Date": None})
