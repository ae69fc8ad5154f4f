"""Which q the density bounds keep when they choose its hidden width by validation
likelihood (issue 12), on data where a small q fits and data where it does not.

Tasks (5,000 samples, three data seeds each):
- dense Gaussians of 10 and 20 dimensions, every correlation 0.5 (a linear conditional:
  a small q suffices, a large one overfits; truth in closed form);
- a nonlinear conditional, x ~ N(0, I_2), y = (sin 2x0, x1^2) + 0.3 eps (a 4-unit q cannot
  fit the sine; no closed form, KSG with k = 3 given for reference).
For each, L1Out and CLUB with the preset (`mi estimate --estimator l1out`: 32 or 4 units,
whichever fits the validation split better), and with `--hidden 32` and `--hidden 4`
fixed. Usage: python3 Benchmarks/density_width_choice.py [MI_BINARY]."""
import json
import statistics
import subprocess
import sys
import tempfile

import numpy as np

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/mi"


def gaussian(d):
    sigma = np.full((2 * d, 2 * d), 0.5)
    np.fill_diagonal(sigma, 1)
    truth = 0.5 * (2 * np.linalg.slogdet(sigma[:d, :d])[1] - np.linalg.slogdet(sigma)[1])

    def sample(seed):
        return np.random.default_rng(1000 * d + seed).multivariate_normal(np.zeros(2 * d), sigma, size=5000)
    return f"dense Gaussian d={d}", d, sample, f"{truth:.3f}"


def sine():
    def sample(seed):
        rng = np.random.default_rng(7000 + seed)
        x = rng.standard_normal((5000, 2))
        y = np.stack([np.sin(2 * x[:, 0]), x[:, 1] ** 2], axis=1) + 0.3 * rng.standard_normal((5000, 2))
        return np.concatenate([x, y], axis=1)
    return "sine, d=2", 2, sample, None


def estimate(path, d, estimator, extra=()):
    out = subprocess.run([binary, "estimate", path, "--x", f"0:{d}", "--y", f"{d}:{2 * d}", "--estimator", estimator,
                          "--format", "json", *extra], capture_output=True, text=True, check=True)
    result = json.loads(out.stdout)
    return result["mi"], result["parameters"].get("hidden", "")


print(f"{'task':<22} {'truth':>6} {'KSG':>6} | {'bound':<6} {'preset':>7} {'kept':>7} {'32 units':>9} {'4 units':>8}")
for name, d, sample, truth in [gaussian(10), gaussian(20), sine()]:
    rows = {bound: {"preset": [], "kept": [], "32": [], "4": []} for bound in ["l1out", "club"]}
    ksg = []
    for seed in [1, 2, 3]:
        data = sample(seed)
        with tempfile.NamedTemporaryFile("w", suffix=".csv") as f:
            np.savetxt(f, data, delimiter=",", header=",".join(f"c{i}" for i in range(2 * d)), comments="")
            f.flush()
            ksg.append(estimate(f.name, d, "ksg")[0])
            for bound, row in rows.items():
                value, kept = estimate(f.name, d, bound)
                row["preset"].append(value)
                row["kept"].append(kept)
                row["32"].append(estimate(f.name, d, bound, ["--hidden", "32"])[0])
                row["4"].append(estimate(f.name, d, bound, ["--hidden", "4"])[0])
    for bound, row in rows.items():
        print(f"{name:<22} {truth or '–':>6} {statistics.median(ksg):6.3f} | {bound:<6} {statistics.median(row['preset']):7.3f} "
              f"{'/'.join(row['kept']):>7} {statistics.median(row['32']):9.3f} {statistics.median(row['4']):8.3f}", flush=True)
