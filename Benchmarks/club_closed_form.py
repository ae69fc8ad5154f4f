"""CLUB and L1Out fitted by `mi estimate` against CLUB's value at the true conditional
(issue 12). Dense Gaussians: X, Y in R^d, unit variances, every correlation 0.5. For
y | x ~ N(Ax, S), CLUB at the true conditional is tr(S^-1 A Sxx A^T) (derived in
CorrelatedGaussian.clubAtTrueConditional); the true MI is 1/2 log det Sxx det Syy / det S.
q's hidden width is chosen per fit by validation likelihood between 32 and 4 units (the
preset); the last columns give L1Out per seed and the widths kept (CLUB's fits, then L1Out's).
Usage: python3 Benchmarks/club_closed_form.py [MI_BINARY]; prints one row per (d, n) with
the median over seeds."""
import json
import statistics
import subprocess
import sys
import tempfile

import numpy as np

binary = sys.argv[1] if len(sys.argv) > 1 else ".build/release/mi"
print(f"{'d':>3} {'n':>6} {'true MI':>8} {'CLUB*':>8} {'CLUB':>8} {'CLUB/CLUB*':>10} {'seeds (CLUB)':>26} {'L1Out':>8} {'seconds':>8} {'seeds (L1Out)':>22} widths kept")
for d in [1, 2, 5, 10, 20]:
    sigma = np.full((2 * d, 2 * d), 0.5)
    np.fill_diagonal(sigma, 1)
    sxx, syy, syx = sigma[:d, :d], sigma[d:, d:], sigma[d:, :d]
    a = syx @ np.linalg.inv(sxx)
    s = syy - a @ sxx @ a.T
    closed = float(np.trace(np.linalg.solve(s, a @ sxx @ a.T)))
    truth = 0.5 * (np.linalg.slogdet(sxx)[1] + np.linalg.slogdet(syy)[1] - np.linalg.slogdet(sigma)[1])
    for n in [5000, 20000]:
        club, l1out, seconds, kept = [], [], [], []
        for seed in [1, 2, 3]:
            data = np.random.default_rng(1000 * d + seed).multivariate_normal(np.zeros(2 * d), sigma, size=n)
            with tempfile.NamedTemporaryFile("w", suffix=".csv") as f:
                np.savetxt(f, data, delimiter=",", header=",".join(f"c{i}" for i in range(2 * d)), comments="")
                f.flush()
                for estimator, values in [("club", club), ("l1out", l1out)]:
                    out = subprocess.run([binary, "estimate", f.name, "--x", f"0:{d}", "--y", f"{d}:{2 * d}",
                                          "--estimator", estimator, "--format", "json"], capture_output=True, text=True, check=True)
                    result = json.loads(out.stdout)
                    values.append(result["mi"])
                    kept.append((estimator, result["parameters"]["hidden"]))
                    if estimator == "club":
                        seconds.append(result["seconds"])
        median = statistics.median(club)
        print(f"{d:>3} {n:>6} {truth:8.3f} {closed:8.3f} {median:8.3f} {median / closed:10.3f} "
              f"{', '.join(f'{v:.3f}' for v in club):>26} {statistics.median(l1out):8.3f} {statistics.median(seconds):8.2f} "
              f"{', '.join(f'{v:.3f}' for v in l1out):>22} "
              f"{'/'.join(w for e, w in kept if e == 'club')} {'/'.join(w for e, w in kept if e == 'l1out')}", flush=True)
