#!/usr/bin/env bash
# The Bethe-recipe figure of docs/Discrete.md: runs the recipe (built in release mode) and
# draws its CSV with matplotlib, installed in Benchmarks/.venv, never in the package.
# Usage: Benchmarks/run-bethe.sh [IMAGE]   (default docs/images/bethe.svg)
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE="${1:-docs/images/bethe.svg}"
swift build -c release --product example-recipe-bethe
if [ ! -x Benchmarks/.venv/bin/python ]; then
  python3 -m venv Benchmarks/.venv
fi
Benchmarks/.venv/bin/pip install --quiet matplotlib
mkdir -p Benchmarks/data
.build/release/example-recipe-bethe | tee Benchmarks/data/bethe.csv
Benchmarks/.venv/bin/python Benchmarks/plot_bethe.py Benchmarks/data/bethe.csv "$IMAGE"
echo "wrote $IMAGE"
