"""Writes bmi_tasks.json: the 40 tasks of bmi's benchmark (Czyż et al. 2023, "Beyond normal")
with their ids, names, dimensions, true mutual information (nats) and parameters, as bmi
0.1.3 defines them, and statistics of 100,000 of bmi's samples of each (per coordinate: mean,
standard deviation, 10%, 50% and 90% quantiles; the Spearman correlation of X0 and Y0).
MIDistributionsTests checks our closed forms and our samplers against it.

    python3 -m venv /tmp/bmi-venv
    /tmp/bmi-venv/bin/pip install benchmark-mi==0.1.3 jax==0.4.30 jaxlib==0.4.30
    /tmp/bmi-venv/bin/python Tests/MIDistributionsTests/Fixtures/make_bmi_tasks.py

(jax 0.4.34 and later removed an attribute equinox needs: bmi 0.1.3 does not import with
them.)"""
import importlib.metadata
import json
import pathlib

import numpy as np
from scipy.stats import spearmanr

from bmi.benchmark import BENCHMARK_TASKS


def plain(value):
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if hasattr(value, "tolist"):
        return value.tolist()
    if isinstance(value, (int, float, str, bool)) or value is None:
        return value
    return str(value)


def statistics(values):
    values = np.asarray(values, dtype=np.float64)
    return {
        "mean": values.mean(axis=0).tolist(),
        "std": values.std(axis=0).tolist(),
        "q10": np.quantile(values, 0.1, axis=0).tolist(),
        "q50": np.quantile(values, 0.5, axis=0).tolist(),
        "q90": np.quantile(values, 0.9, axis=0).tolist(),
    }


tasks = []
for task_id, task in BENCHMARK_TASKS.items():
    metadata = task.metadata
    x, y = task.sample(100_000, seed=0)
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    tasks.append({
        "id": task_id,
        "name": metadata.task_name,
        "dim_x": metadata.dim_x,
        "dim_y": metadata.dim_y,
        "mi_true": metadata.mi_true,
        # Covariance matrices (up to 100 × 100) follow from the other parameters: left out.
        "params": {k: plain(v) for k, v in metadata.task_params.items() if k != "covariance"},
        "samples": 100_000,
        "x": statistics(x),
        "y": statistics(y),
        "spearman_x0_y0": float(spearmanr(x[:, 0], y[:, 0]).statistic),
    })
out = pathlib.Path(__file__).with_name("bmi_tasks.json")
out.write_text(json.dumps({"bmi": importlib.metadata.version("benchmark-mi"), "tasks": tasks}, indent=1) + "\n")
print(f"{len(tasks)} tasks -> {out}")
