"""Summarizes and plots the staircase runs of run-staircase.sh: the per-step estimates
smoothed by an exponential moving average (as in Poole et al. and Song & Ermon), the truth,
and a table of speed and accuracy (mean and RMSE of the raw estimates over the last half of
each level, against the true MI)."""
import json
import os
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

directory, image = sys.argv[1], sys.argv[2]
results = [json.loads(line) for line in open(os.path.join(directory, "results.jsonl")) if line.startswith("{")]


def load(tool, critic, bound):
    path = os.path.join(directory, f"{tool}-{critic}-{bound}.csv")
    if not os.path.exists(path):
        return None
    data = np.genfromtxt(path, delimiter=",", names=True)
    return data["step"], data["true_mi"], data["estimate"]


def smooth(values, alpha=0.01):
    out, current = np.empty_like(values), values[0]
    for i, v in enumerate(values):
        current = (1 - alpha) * current + alpha * v if np.isfinite(v) else current
        out[i] = current
    return out


def accuracy(truth, estimate):
    levels = sorted(set(truth))
    rows = []
    for level in levels:
        index = np.where(truth == level)[0]
        tail = estimate[index[len(index) // 2:]]
        tail = tail[np.isfinite(tail)]
        rows.append((level, tail.mean(), np.sqrt(((tail - level) ** 2).mean())))
    return rows


speed = {(r["tool"], r["critic"], r["bound"]): r["steps_per_second"] for r in results}
critics = [("separable", ["infonce", "nwj", "smile", "mine", "club"]), ("joint", ["infonce", "nwj", "smile", "mine"])]
figure, axes = plt.subplots(2, 5, figsize=(20, 7))
print(f"{'critic':>9} {'bound':>8} {'ours steps/s':>13} {'PyTorch':>9} {'ratio':>6}   mean estimate over the last half of each level (2/4/6/8/10 nats): ours | PyTorch")
for row, (critic, bounds) in enumerate(critics):
    for column, bound in enumerate(bounds):
        ax = axes[row][column]
        lines = []
        for tool, color in (("swift", "tab:blue"), ("pytorch", "tab:orange")):
            loaded = load(tool, critic, bound)
            if loaded is None:
                continue
            step, truth, estimate = loaded
            ax.plot(step, np.clip(estimate, -5, 40), color=color, alpha=0.15, linewidth=0.5)
            ax.plot(step, np.clip(smooth(estimate), -5, 40), color=color, linewidth=1.5,
                    label="ours (Swift)" if tool == "swift" else "PyTorch")
            ax.plot(step, truth, color="black", linewidth=1)
            lines.append(accuracy(truth, estimate))
        ax.set_title(f"{bound}, {critic if bound != 'club' else 'Gaussian q'} critic")
        ax.set_ylim(-2, 16 if bound != "club" else 40)
        ax.set_xlabel("step")
        if column == 0:
            ax.set_ylabel("MI estimate (nats)")
            ax.legend(loc="upper left")
        ours = speed.get(("swift", "gaussian" if bound == "club" else critic, bound))
        torch = speed.get(("pytorch", "gaussian" if bound == "club" else critic, bound))
        means = " | ".join("/".join(f"{m:.2f}" for _, m, _ in rows) for rows in lines)
        if ours and torch:
            print(f"{critic:>9} {bound:>8} {ours:13.1f} {torch:9.1f} {ours / torch:5.2f}x   {means}")
    for column in range(len(bounds), 5):
        axes[row][column].axis("off")
figure.suptitle("MI staircase: x, y in R^20, batch 64; thin lines raw, thick EMA(0.01); black: true MI")
figure.tight_layout()
figure.savefig(image, dpi=110)
print(f"wrote {image}")
