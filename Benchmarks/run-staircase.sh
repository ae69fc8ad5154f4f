#!/usr/bin/env bash
# The MI staircase (Poole et al. 2019; Song & Ermon 2020), ours against a PyTorch
# implementation of the same bounds, critics, batch (64), learning rate and steps, in one
# run on this machine: x, y ∈ ℝ²⁰, true MI 2, 4, 6, 8, 10 nats, PER_LEVEL steps each.
# Writes Benchmarks/data/staircase/, prints accuracy and speed, and draws
# docs/images/staircase.png.
# Usage: Benchmarks/run-staircase.sh [PER_LEVEL_SEPARABLE (4000)] [PER_LEVEL_JOINT (4000)]
# CRITICS="joint" (or "separable") reruns one half and keeps the other half's results.
set -euo pipefail
cd "$(dirname "$0")/.."
SEPARABLE="${1:-4000}"
JOINT="${2:-4000}"
swift build -c release --product tensor-benchmarks
BIN=.build/release/tensor-benchmarks
if [ ! -x Benchmarks/.venv/bin/python ]; then
  python3 -m venv Benchmarks/.venv
fi
Benchmarks/.venv/bin/pip install --quiet numpy torch matplotlib
PY=Benchmarks/.venv/bin/python
export OMP_NUM_THREADS=2
DIR=Benchmarks/data/staircase
mkdir -p "$DIR" docs/images
OUT="$DIR/results.jsonl"
CRITICS="${CRITICS:-separable joint}"
touch "$OUT"
for critic in $CRITICS; do
  # Drop the rows this run replaces (CLUB's belong to the separable half).
  if [ "$critic" = separable ]; then pattern='"critic": "(separable|gaussian)"'; else pattern='"critic": "joint"'; fi
  grep -Ev "$pattern" "$OUT" > "$OUT.tmp" || true
  mv "$OUT.tmp" "$OUT"
done
for bound in infonce nwj smile mine club; do
  [[ " $CRITICS " == *" separable "* ]] || break
  echo "separable $bound" >&2
  $BIN --bench staircase --bound "$bound" --critic separable --per-level "$SEPARABLE" --out "$DIR/swift-separable-$bound.csv" >> "$OUT"
  $PY Benchmarks/staircase_pytorch.py --bound "$bound" --critic separable --per-level "$SEPARABLE" --out "$DIR/pytorch-separable-$bound.csv" >> "$OUT"
done
for bound in infonce nwj smile mine; do
  [[ " $CRITICS " == *" joint "* ]] || break
  echo "joint $bound" >&2
  $BIN --bench staircase --bound "$bound" --critic joint --per-level "$JOINT" --out "$DIR/swift-joint-$bound.csv" >> "$OUT"
  $PY Benchmarks/staircase_pytorch.py --bound "$bound" --critic joint --per-level "$JOINT" --out "$DIR/pytorch-joint-$bound.csv" >> "$OUT"
done
$PY Benchmarks/plot_staircase.py "$DIR" docs/images/staircase.png
