#!/usr/bin/env bash
# Neural estimators against bmi and torch-mist (issue 14) on the ground-truth suite's task
# files (Benchmarks/run-benchmark-suite.sh writes them): ours (infonce, smile, nwj, dv, mine,
# at their defaults) and the peers' neural estimators at theirs, one run at a time, each
# tool pinned to one core (taskset) with one thread, so that times compare core for core and
# two tools can run at once on a 2-core machine. bmi takes 15–40 s per run, torch-mist 1–10 s:
# the default 12 tasks × 3 seeds take about an hour for the peers, 5 minutes for ours.
# Usage: Benchmarks/run-neural-peers.sh [TASK,TASK,...]
set -euo pipefail
cd "$(dirname "$0")/.."
TASKS="${1:-1v1-normal-0.75,1v1-additive-0.75,1v1-bimodal-0.75,wiggly-1v1-normal-0.75,multinormal-dense-5-5-0.5,multinormal-dense-25-25-0.5,multinormal-sparse-5-5-2-2.0,student-identity-2-2-1,asinh-student-identity-3-3-2,half_cube-multinormal-sparse-5-5-2-2.0,normal_cdf-multinormal-sparse-3-3-2-2.0,spiral-multinormal-sparse-5-5-2-2.0}"
DATA=Benchmarks/data
[ -d "$DATA/tasks" ] || { echo "no task files in $DATA/tasks: run Benchmarks/run-benchmark-suite.sh first" >&2; exit 1; }
swift build -c release --product mi
Benchmarks/.venv/bin/pip install --quiet numpy scipy pyyaml "benchmark-mi==0.1.3" "jax==0.4.30" "jaxlib==0.4.30" "torch-mist==0.2.17"
OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 XLA_FLAGS="--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1" \
  taskset -c 1 Benchmarks/.venv/bin/python Benchmarks/benchmark_peers.py "$DATA/tasks" --tasks "$TASKS" --jobs 1 \
  --estimators torch-mist:smile,bmi:infonce,torch-mist:infonce,bmi:nwj,torch-mist:nwj --out "$DATA/peers-neural.jsonl" &
PEERS=$!
taskset -c 0 .build/release/mi benchmark --bmi-tasks "$DATA/tasks" --tasks "$TASKS" --estimators infonce,smile,nwj,dv,mine \
  --jobs 1 -o "$DATA/ours-neural.jsonl"
# 95% intervals of InfoNCE and SMILE by retraining with 10 other seeds (about 15 minutes).
taskset -c 0 .build/release/mi benchmark --bmi-tasks "$DATA/tasks" --tasks "$TASKS" --estimators infonce,smile --intervals 10 \
  --jobs 1 -o "$DATA/ours-neural-intervals.jsonl"
wait $PEERS
python3 Benchmarks/neural_summary.py "$DATA/ours-neural.jsonl" "$DATA/peers-neural.jsonl"
