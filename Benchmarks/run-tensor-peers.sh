#!/usr/bin/env bash
# Side-by-side benchmarks of the tensor engine (issue 3), all in one run on this machine:
#   1. float32 GEMM: ours against NumPy (OpenBLAS) at 256, 512, 1024 and 256×128·128×256;
#   2. InfoNCE training steps (forward, backward, Adam) against PyTorch on the CPU with the
#      same threads, architecture, batch and initial weights: separable critic (two MLP
#      encoders 20→256→256→32) and concat critic (40→256→256→1 on all 256×256 pairs), and
#      the separable step through the library's CriticObjective (the trainer's step);
#   3. one step of the issue-11 objectives through the library's TrainingObjective against
#      PyTorch (same formulas, weights and batches; encoders 64→256→256→128, batch 256):
#      supervised contrastive with logit adjustment, and InfoNCE with a momentum key encoder
#      and a queue of 4096 keys (the warm-up fills the queue before timing);
#   4. one step of the issue-12 min–max objectives against PyTorch (same formulas, weights
#      and batches; encoder 64→256→256→128, head 128→128→10, batch 256): the adversarial game
#      with three adversary steps, and a classifier penalized by CLUB on a Gaussian q(a|z)
#      with five likelihood steps of q.
# The tools run alternately, ROUNDS times each, and the summary reports the median over
# rounds of each run's median. PyTorch and NumPy are installed here, in Benchmarks/.venv,
# never in the package. Usage: Benchmarks/run-tensor-peers.sh [ROUNDS] [all|minimax]
# (`minimax` runs part 4 alone).
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS="${1:-7}"
GROUP="${2:-all}"
swift build -c release --product tensor-benchmarks
BIN=.build/release/tensor-benchmarks
if [ ! -x Benchmarks/.venv/bin/python ]; then
  python3 -m venv Benchmarks/.venv
fi
Benchmarks/.venv/bin/pip install --quiet numpy torch safetensors
PY=Benchmarks/.venv/bin/python
$PY -c "import numpy, torch; print('numpy', numpy.__version__, '| torch', torch.__version__, '| torch threads', torch.get_num_threads())"
echo "cores: $(nproc)   $(lscpu | grep 'Model name' | sed 's/ \+/ /g')   our GEMM kernel: $($BIN --bench kernel)"
mkdir -p Benchmarks/data
OUT=Benchmarks/data/tensor-results.jsonl
: > "$OUT"
export OMP_NUM_THREADS=2 OPENBLAS_NUM_THREADS=2
for round in $(seq "$ROUNDS"); do
  echo "round $round/$ROUNDS" >&2
  for objective in minimax-adversary minimax-club; do
    $BIN --bench $objective --steps 100 --warmup 10 --export Benchmarks/data/$objective.safetensors >> "$OUT"
    $PY Benchmarks/tensor_peers.py --bench $objective --export Benchmarks/data/$objective.safetensors --steps 100 --warmup 10 >> "$OUT"
  done
  [ "$GROUP" = minimax ] && continue
  $BIN --bench gemm --repeats 15 >> "$OUT"
  $PY Benchmarks/tensor_peers.py --bench gemm --repeats 15 >> "$OUT"
  $BIN --bench separable --steps 200 --warmup 10 --export Benchmarks/data/separable.safetensors >> "$OUT"
  $BIN --bench separable --towers in-turn --steps 200 --warmup 10 | sed 's/infonce-separable/infonce-separable-in-turn/' >> "$OUT"
  $BIN --bench separable-objective --steps 200 --warmup 10 >> "$OUT"
  $PY Benchmarks/tensor_peers.py --bench separable --export Benchmarks/data/separable.safetensors --steps 200 --warmup 10 >> "$OUT"
  for objective in supcon momentum; do
    $BIN --bench $objective --steps 200 --warmup 20 --export Benchmarks/data/$objective.safetensors >> "$OUT"
    $PY Benchmarks/tensor_peers.py --bench $objective --export Benchmarks/data/$objective.safetensors --steps 200 --warmup 20 >> "$OUT"
  done
  if [ "$round" -le 3 ]; then
    $BIN --bench concat --steps 4 --warmup 1 --export Benchmarks/data/concat.safetensors >> "$OUT"
    $PY Benchmarks/tensor_peers.py --bench concat --export Benchmarks/data/concat.safetensors --steps 4 --warmup 1 >> "$OUT"
    $PY Benchmarks/tensor_peers.py --bench concat --tiled --export Benchmarks/data/concat.safetensors --steps 3 --warmup 1 >> "$OUT"
  fi
done
$PY Benchmarks/tensor_summary.py "$OUT"
