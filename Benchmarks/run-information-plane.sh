#!/usr/bin/env bash
# The information-plane figure of docs/Minimization.md: runs the information-bottleneck
# recipe (a β sweep, built in release mode) and draws its CSV with matplotlib, installed in
# Benchmarks/.venv, never in the package.
# Usage: Benchmarks/run-information-plane.sh [IMAGE]   (default docs/images/information-plane.svg)
set -euo pipefail
cd "$(dirname "$0")/.."
IMAGE="${1:-docs/images/information-plane.svg}"
swift build -c release --product example-recipe-information-plane
if [ ! -x Benchmarks/.venv/bin/python ]; then
  python3 -m venv Benchmarks/.venv
fi
Benchmarks/.venv/bin/pip install --quiet matplotlib
mkdir -p Benchmarks/data
.build/release/example-recipe-information-plane | tee Benchmarks/data/information-plane.csv
Benchmarks/.venv/bin/python Benchmarks/plot_information_plane.py Benchmarks/data/information-plane.csv "$IMAGE"
echo "wrote $IMAGE"
