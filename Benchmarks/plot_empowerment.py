"""Draws the empowerment map of docs/Discrete.md from what `example-empowerment-map` prints:
one line per grid row, a value in nats per free cell and ## for walls (the last line, the
range, is skipped). Usage: Benchmarks/plot_empowerment.py map.txt docs/images/empowerment.svg
"""
import math
import sys

import matplotlib

matplotlib.use("Agg")
matplotlib.rcParams["svg.hashsalt"] = "empowerment"  # reproducible SVG ids
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

rows = [line.split() for line in open(sys.argv[1]) if line.strip() and not line.startswith("lowest")]
grid = np.array([[math.nan if cell == "##" else float(cell) for cell in row] for row in rows])
figure, axes = plt.subplots(figsize=(6.4, 4.0))
colors = plt.get_cmap("viridis").copy()
colors.set_bad("0.25")
image = axes.imshow(np.ma.masked_invalid(grid), cmap=colors)
for (y, x), value in np.ndenumerate(grid):
    if not math.isnan(value):
        axes.text(x, y, f"{value:.2f}", ha="center", va="center", fontsize=7,
                  color="white" if value < np.nanmean(grid) else "black")
axes.set_xticks([])
axes.set_yticks([])
axes.set_title("3-step empowerment (nats), two rooms, 10% slip; walls dark", fontsize=9)
figure.colorbar(image, ax=axes, shrink=0.8, label="capacity of actions → final cell (nats)")
figure.tight_layout()
figure.savefig(sys.argv[2], metadata={"Date": None})
