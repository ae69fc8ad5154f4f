"""Runs the peers on task files in bmi's layout (written by `mi benchmark --write-tasks` or by
bmi itself) and appends one JSON line per run in the form `mi benchmark` writes, with a
"tool" field, so that `mi report ours.jsonl peers.jsonl` shows them side by side.

Peers, each at its defaults:
  scikit-learn  mutual_info_regression (KSG, k = 3; one feature against a scalar target, so
                only 1 × 1 MI tasks);
  NPEET         npeet-plus mi / cmi / tc (KSG, k = 3, nats);
  bmi           KSG ensemble (k = 5 and 10 averaged), CCA, and the neural InfoNCE, NWJ, DV
                and MINE estimators (10,000 steps, batch 256, MLP 16-8);
  torch-mist    0.2.17's estimate_mi with its defaults, for the neural bounds;
  latentmi      latent MI (Gowri et al. 2024): an autoencoder's latents, then KSG;
  mist-statinf  installs, but its meta-learned estimator needs trained weights that it
                downloads from the Hugging Face hub or Zenodo at first use: not reachable
                from the benchmark machine, so it is left out (the script says so).

Usage: benchmark_peers.py TASKS_DIR --out peers.jsonl [--estimators a,b] [--samples N,N]
       [--seeds S] [--tasks ID,ID] [--jobs J]
A run already in --out is skipped (resumable); a peer that raises is recorded as failed with
its message, and the rest go on."""
import argparse
import contextlib
import json
import math
import multiprocessing
import os
import pathlib
import sys
import time
import warnings

import numpy as np

warnings.filterwarnings("ignore")
os.environ.setdefault("JAX_PLATFORMS", "cpu")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


def read_metadata(path):
    import yaml

    with open(path) as handle:
        return yaml.safe_load(handle)


def read_sample(path, quantity, dims):
    data = np.loadtxt(path, delimiter=",", skiprows=1, ndmin=2)
    parts, start = [], 0
    for d in dims:
        parts.append(data[:, start:start + d])
        start += d
    return parts


# ---- the peers: name -> (tool, estimator, quantities, function(variables, seed) -> nats)

def sklearn_mi(v, seed):
    from sklearn.feature_selection import mutual_info_regression

    x, y = v
    if x.shape[1] != 1 or y.shape[1] != 1:
        raise ValueError("scikit-learn estimates MI of one feature with a scalar target; this task is %d x %d" % (x.shape[1], y.shape[1]))
    return float(mutual_info_regression(x, y[:, 0], n_neighbors=3, random_state=seed)[0])


def npeet_mi(v, seed):
    import npeet_plus

    np.random.seed(seed)
    return float(npeet_plus.mi(v[0], v[1], k=3, base=math.e))


def npeet_cmi(v, seed):
    import npeet_plus

    np.random.seed(seed)
    return float(npeet_plus.cmi(v[0], v[1], v[2], k=3, base=math.e))


def npeet_tc(v, seed):
    from npeet_plus.estimators import tc

    np.random.seed(seed)
    return float(tc(np.hstack(v), k=3, base=math.e))


def bmi_estimator(name):
    def run(v, seed):
        import bmi

        x, y = v
        if name == "ksg":
            estimator = bmi.estimators.KSGEnsembleFirstEstimator()
        elif name == "cca":
            estimator = bmi.estimators.CCAMutualInformationEstimator()
        else:
            factory = {
                "infonce": bmi.estimators.neural.InfoNCEEstimator,
                "nwj": bmi.estimators.neural.NWJEstimator,
                "dv": bmi.estimators.neural.DonskerVaradhanEstimator,
                "mine": bmi.estimators.MINEEstimator,
            }[name]
            estimator = factory(verbose=False, seed=seed) if name != "mine" else factory(verbose=False, seed=seed)
        return float(estimator.estimate(x, y))

    return run


def torch_mist_estimator(name):
    def run(v, seed):
        import torch
        from torch_mist import estimate_mi

        torch.manual_seed(seed)
        x, y = (torch.tensor(a, dtype=torch.float32) for a in v)
        result = estimate_mi(data=(x, y), estimator=name, verbose=False)
        value = result[0] if isinstance(result, tuple) else result
        return float(value)

    return run


def latentmi_estimate(v, seed):
    import torch
    from latentmi import lmi

    torch.manual_seed(seed)
    np.random.seed(seed)
    pointwise, _, _ = lmi.estimate(v[0], v[1], quiet=True, device="cpu")
    return float(np.nanmean(pointwise))


PEERS = {
    "sklearn:ksg": ("scikit-learn", "ksg", {"mi"}, sklearn_mi),
    "npeet:ksg": ("NPEET", "ksg", {"mi"}, npeet_mi),
    "npeet:cmi": ("NPEET", "ksg", {"cmi"}, npeet_cmi),
    "npeet:tc": ("NPEET", "ksg", {"tc"}, npeet_tc),
    "bmi:ksg": ("bmi", "ksg-ensemble", {"mi"}, bmi_estimator("ksg")),
    "bmi:cca": ("bmi", "cca", {"mi"}, bmi_estimator("cca")),
    "bmi:infonce": ("bmi", "infonce", {"mi"}, bmi_estimator("infonce")),
    "bmi:nwj": ("bmi", "nwj", {"mi"}, bmi_estimator("nwj")),
    "bmi:dv": ("bmi", "dv", {"mi"}, bmi_estimator("dv")),
    "bmi:mine": ("bmi", "mine", {"mi"}, bmi_estimator("mine")),
    "torch-mist:infonce": ("torch-mist", "infonce", {"mi"}, torch_mist_estimator("infonce")),
    "torch-mist:nwj": ("torch-mist", "nwj", {"mi"}, torch_mist_estimator("nwj")),
    "torch-mist:smile": ("torch-mist", "smile", {"mi"}, torch_mist_estimator("smile")),
    "latentmi:lmi": ("latentmi", "lmi", {"mi"}, latentmi_estimate),
}
DEFAULT = "sklearn:ksg,npeet:ksg,npeet:cmi,npeet:tc,bmi:ksg,bmi:cca"


def warm(names):
    """Imports the peers' modules once per worker, so that no run's time includes an import."""
    tools = {PEERS[name][0] for name in names}
    if "scikit-learn" in tools:
        import sklearn.feature_selection  # noqa: F401
    if "NPEET" in tools:
        import npeet_plus  # noqa: F401
    if "bmi" in tools:
        import bmi  # noqa: F401
    if "torch-mist" in tools:
        import torch_mist  # noqa: F401
    if "latentmi" in tools:
        from latentmi import lmi  # noqa: F401


def execute(job):
    """One run in a fresh worker: the record, status ok or failed."""
    name, task, path, rows, seed = job
    tool, estimator, _, function = PEERS[name]
    record = {
        "tool": tool, "estimator": estimator, "task": task["id"], "samples": rows, "seed": seed, "quantity": task["quantity"],
        "truth": task["truth"], "dims": task["dims"],
    }
    try:
        variables = read_sample(path, task["quantity"], task["dims"])
        # Peers print progress (latentmi's epochs); keep the terminal for ours.
        with open(os.devnull, "w") as quiet, contextlib.redirect_stdout(quiet):
            start = time.perf_counter()
            value = function(variables, seed)
            record["seconds"] = time.perf_counter() - start
        if not math.isfinite(value):
            raise ValueError("the estimate is not a finite number (%r)" % value)
        record.update(status="ok", estimate=value, error=value - task["truth"])
    except Exception as error:  # a peer's failure is a result, not a stop
        record.update(status="failed", message="%s: %s" % (type(error).__name__, str(error).splitlines()[0] if str(error) else ""))
    return record


def tasks_in(directory):
    for folder in sorted(pathlib.Path(directory).iterdir()):
        metadata_path = folder / "metadata.yaml"
        if not metadata_path.exists():
            continue
        metadata = read_metadata(metadata_path)
        params = metadata.get("task_params") or {}
        quantity = params.get("quantity", "mi")
        if quantity == "mi":
            dims = [metadata["dim_x"], metadata["dim_y"]]
        elif quantity == "cmi":
            dims = [metadata["dim_x"], metadata["dim_y"], int(params["dim_z"])]
        else:
            dims = [1] * metadata["dim_x"]
        task = {"id": metadata["task_id"], "quantity": quantity, "truth": float(metadata["mi_true"]), "dims": dims}
        for sample in sorted(folder.glob("*.csv")):
            rows, seed = (int(part) for part in sample.stem.split("-"))
            yield task, str(sample), rows, seed


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tasks")
    parser.add_argument("--out", default="peers.jsonl")
    parser.add_argument("--estimators", default=DEFAULT)
    parser.add_argument("--samples", default=None)
    parser.add_argument("--seeds", type=int, default=None)
    parser.add_argument("--jobs", type=int, default=os.cpu_count())
    parser.add_argument("--tasks", dest="task_ids", default=None, help="task ids, comma-separated (default: every task in the directory)")
    arguments = parser.parse_args()
    names = arguments.estimators.split(",")
    unknown = [n for n in names if n not in PEERS]
    if unknown:
        sys.exit("unknown peer estimators %s; known: %s" % (", ".join(unknown), ", ".join(PEERS)))
    sizes = None if arguments.samples is None else {int(s) for s in arguments.samples.split(",")}
    wanted = None if arguments.task_ids is None else set(arguments.task_ids.split(","))
    done = set()
    if os.path.exists(arguments.out):
        for line in open(arguments.out):
            if line.strip():
                r = json.loads(line)
                done.add((r["tool"], r["estimator"], r["task"], r["samples"], r["seed"]))
    jobs = []
    for task, path, rows, seed in tasks_in(arguments.tasks):
        if (sizes is not None and rows not in sizes) or (arguments.seeds is not None and seed >= arguments.seeds):
            continue
        if wanted is not None and task["id"] not in wanted:
            continue
        for name in names:
            tool, estimator, quantities, _ = PEERS[name]
            key = (tool, estimator, task["id"], rows, seed)
            if task["quantity"] in quantities and key not in done:
                jobs.append((name, task, path, rows, seed))
    print("%d peer runs to do (%d already in %s)" % (len(jobs), len(done), arguments.out), file=sys.stderr)
    with multiprocessing.get_context("spawn").Pool(arguments.jobs, initializer=warm, initargs=(names,), maxtasksperchild=50) as pool, open(arguments.out, "a") as out:
        for index, record in enumerate(pool.imap_unordered(execute, jobs), 1):
            out.write(json.dumps(record, sort_keys=True) + "\n")
            out.flush()
            if sys.stderr.isatty():
                print("\r%d/%d" % (index, len(jobs)), end="", file=sys.stderr)
    print(file=sys.stderr)


if __name__ == "__main__":
    main()
