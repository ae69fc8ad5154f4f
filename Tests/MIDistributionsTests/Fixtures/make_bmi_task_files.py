"""Writes bmi_task_files/: three tasks as bmi 0.1.3 itself writes them (Task.save_metadata and
Task.save_sample: TASK_ID/metadata.yaml and TASK_ID/20-0.csv, 20 samples from seed 0), the
layout of bmi's benchmark workflow. MIDistributionsTests reads them with BmiTaskDirectory.

    python3 -m venv /tmp/bmi-venv
    /tmp/bmi-venv/bin/pip install benchmark-mi==0.1.3 jax==0.4.30 jaxlib==0.4.30
    /tmp/bmi-venv/bin/python Tests/MIDistributionsTests/Fixtures/make_bmi_task_files.py
"""
import pathlib

from bmi.benchmark import BENCHMARK_TASKS

IDS = ["1v1-normal-0.75", "1v1-bimodal-0.75", "spiral-normal_cdf-multinormal-sparse-3-3-2-2.0"]
root = pathlib.Path(__file__).parent / "bmi_task_files"
for task_id in IDS:
    task = BENCHMARK_TASKS[task_id]
    folder = root / task_id
    folder.mkdir(parents=True, exist_ok=True)
    task.save_metadata(folder / "metadata.yaml")
    task.save_sample(folder / "20-0.csv", 20, 0)
