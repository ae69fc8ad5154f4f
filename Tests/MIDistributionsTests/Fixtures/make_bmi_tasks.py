"""Writes bmi_tasks.json: the 40 tasks of bmi's benchmark (Czyż et al. 2023, "Beyond normal")
with their ids, names, dimensions, true mutual information (nats) and parameters, as bmi
0.1.3 defines them. MIDistributionsTests checks our samplers' closed forms against it.

    python3 -m venv /tmp/bmi-venv
    /tmp/bmi-venv/bin/pip install benchmark-mi==0.1.3 jax==0.4.30 jaxlib==0.4.30
    /tmp/bmi-venv/bin/python Tests/MIDistributionsTests/Fixtures/make_bmi_tasks.py

(jax 0.4.34 and later removed an attribute equinox needs: bmi 0.1.3 does not import with
them.)"""
import importlib.metadata
import json
import pathlib

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


tasks = []
for task_id, task in BENCHMARK_TASKS.items():
    metadata = task.metadata
    tasks.append({
        "id": task_id,
        "name": metadata.task_name,
        "dim_x": metadata.dim_x,
        "dim_y": metadata.dim_y,
        "mi_true": metadata.mi_true,
        # Covariance matrices (up to 100 × 100) follow from the other parameters: left out.
        "params": {k: plain(v) for k, v in metadata.task_params.items() if k != "covariance"},
    })
out = pathlib.Path(__file__).with_name("bmi_tasks.json")
out.write_text(json.dumps({"bmi": importlib.metadata.version("benchmark-mi"), "tasks": tasks}, indent=1) + "\n")
print(f"{len(tasks)} tasks -> {out}")
