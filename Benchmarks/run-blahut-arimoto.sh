#!/usr/bin/env bash
# Blahut–Arimoto on the 256 x 256 benchmark channel to a certified gap of 1e-9 nats: ours
# (accelerated and plain) and, in the same run on the same machine, NumPy's plain iteration
# and dit's channel_capacity (installed in Benchmarks/.venv, never in the package).
# Usage: Benchmarks/run-blahut-arimoto.sh [SIZE] [TOLERANCE] [REPETITIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
SIZE="${1:-256}"
TOLERANCE="${2:-1e-9}"
REPETITIONS="${3:-7}"
swift build -c release --product tensor-benchmarks
if [ ! -x Benchmarks/.venv/bin/python ]; then
  python3 -m venv Benchmarks/.venv
fi
Benchmarks/.venv/bin/pip install --quiet numpy dit
.build/release/tensor-benchmarks --bench blahut-arimoto --size "$SIZE" --tolerance "$TOLERANCE" --repetitions "$REPETITIONS"
Benchmarks/.venv/bin/python Benchmarks/blahut_arimoto_peers.py "$SIZE" "$TOLERANCE" "$REPETITIONS"
