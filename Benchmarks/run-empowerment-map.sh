#!/usr/bin/env bash
# The empowerment map of docs/Discrete.md: runs the example (built in release mode) and
# draws what it prints with matplotlib, installed in Benchmarks/.venv, never in the package.
# Usage: Benchmarks/run-empowerment-map.sh [IMAGE]   (default docs/images/empowerment.svg)
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE="${1:-docs/images/empowerment.svg}"
swift build -c release --product example-empowerment-map
if [ ! -x Benchmarks/.venv/bin/python ]; then
  python3 -m venv Benchmarks/.venv
fi
Benchmarks/.venv/bin/pip install --quiet matplotlib numpy
mkdir -p Benchmarks/data
.build/release/example-empowerment-map | tee Benchmarks/data/empowerment.txt
Benchmarks/.venv/bin/python Benchmarks/plot_empowerment.py Benchmarks/data/empowerment.txt "$IMAGE"
echo "wrote $IMAGE"
