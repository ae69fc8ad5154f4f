"""Draws the information plane of the variational information bottleneck from the CSV that
`swift run example-recipe-information-plane` prints (beta, rate, ksg_zx, relevance, ross_zy):
each beta as a point (I(Z; X), I(Z; Y)), once from the objective's own bounds (the rate KL,
an upper bound on I(Z; X), and H(Y) - CE, a lower bound on I(Z; Y)) and once from estimators
that were never trained (KSG for I(Z; X), Ross for I(Z; Y)), with H(Y) = log 4 as the ceiling.

Usage: Benchmarks/plot_information_plane.py plane.csv docs/images/information-plane.svg
"""
import csv
import math
import sys

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.hashsalt"] = "information-plane"  # reproducible SVG ids
import matplotlib.pyplot as plt  # noqa: E402

rows = list(csv.DictReader(open(sys.argv[1])))
beta = [float(r["beta"]) for r in rows]
rate, relevance = [float(r["rate"]) for r in rows], [float(r["relevance"]) for r in rows]
ksg, ross = [float(r["ksg_zx"]) for r in rows], [float(r["ross_zy"]) for r in rows]

figure, axes = plt.subplots(figsize=(7, 4.2))
axes.axhline(math.log(4), color="0.6", linestyle=":", linewidth=1)
axes.text(0.012, math.log(4) + 0.03, "H(Y) = log 4", color="0.4", fontsize=8)
axes.plot(rate, relevance, "o-", color="#1f77b4", label="the objective's bounds: rate KL ≥ I(Z; X), H(Y) − CE ≤ I(Z; Y)")
axes.plot(ksg, ross, "s--", color="#d62728", label="never-trained estimators: KSG I(Z; X), Ross I(Z; Y)")
for b, x, y in zip(beta, rate, relevance):
    axes.annotate(f"β = {b:g}", (x, y), textcoords="offset points", xytext=(-4, 7), fontsize=7, color="#1f77b4", rotation=50)
axes.set_xscale("log")
axes.set_xlim(0.01, 30)
axes.set_ylim(-0.05, 1.75)
axes.set_xlabel("I(Z; X), nats (log scale)")
axes.set_ylabel("I(Z; Y), nats")
axes.set_title("Variational information bottleneck: the information plane as β grows")
axes.legend(loc="lower right", fontsize=7)
figure.tight_layout()
figure.savefig(sys.argv[2], metadata={"Date": None})
