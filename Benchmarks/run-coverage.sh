#!/usr/bin/env bash
# Coverage of 95% Bootstrap intervals for KSG (k = 3) on bivariate Gaussians with known MI:
# subsampling (half the rows, without replacement; the default for k-NN estimators) against
# resampling with replacement. One JSON line per setting (Benchmarks/data/coverage.jsonl).
# Usage: Benchmarks/run-coverage.sh [REPETITIONS (200)] [RESAMPLES (200)]
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product tensor-benchmarks
mkdir -p Benchmarks/data
.build/release/tensor-benchmarks --bench coverage --correlations 0.6,0.9 --sizes 400,2000 \
  --repetitions "${1:-200}" --resamples "${2:-200}" | tee Benchmarks/data/coverage.jsonl
