#!/usr/bin/env bash
# Loopy belief propagation on a 100 x 100 Ising grid (coupling 0.25, hashed fields) to a
# largest message change of 1e-9: ours and, in the same run on the same machine, the same
# algorithm vectorized in NumPy (installed in Benchmarks/.venv, never in the package).
# Usage: Benchmarks/run-belief-propagation.sh [SIDE] [COUPLING] [TOLERANCE] [REPETITIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
SIDE="${1:-100}"
COUPLING="${2:-0.25}"
TOLERANCE="${3:-1e-9}"
REPETITIONS="${4:-7}"
swift build -c release --product tensor-benchmarks
if [ ! -x Benchmarks/.venv/bin/python ]; then
  python3 -m venv Benchmarks/.venv
fi
Benchmarks/.venv/bin/pip install --quiet numpy
.build/release/tensor-benchmarks --bench belief-propagation --side "$SIDE" --coupling "$COUPLING" --tolerance "$TOLERANCE" --repetitions "$REPETITIONS"
Benchmarks/.venv/bin/python Benchmarks/belief_propagation_peers.py "$SIDE" "$COUPLING" "$TOLERANCE" "$REPETITIONS"
