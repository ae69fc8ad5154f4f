#!/usr/bin/env bash
# The presets of NeuralEstimator out of the box: every bound with its default NeuralPreset
# (batch 128, 256×256, Adam 5·10⁻⁴, 2000 steps, early stopping) on correlated Gaussians,
# x, y ∈ ℝᵈ for d = 5 and 20, true MI 1, 4 and 8 nats, n = 4000 samples, SEEDS seeds each.
# Writes Benchmarks/data/presets/results.jsonl and prints the Markdown table of BENCHMARKS.md.
# Usage: Benchmarks/run-presets.sh [SEEDS (0,1,2)] [CRITIC (separable)]
set -euo pipefail
cd "$(dirname "$0")/.."
SEEDS="${1:-0,1,2}"
CRITIC="${2:-separable}"
swift build -c release --product tensor-benchmarks
DIR=Benchmarks/data/presets
mkdir -p "$DIR"
OUT="$DIR/results-$CRITIC.jsonl"
.build/release/tensor-benchmarks --bench presets --dimensions 5,20 --levels 1,4,8 --samples 4000 \
  --seeds "$SEEDS" --critic "$CRITIC" | tee "$OUT"
python3 Benchmarks/presets_summary.py "$OUT"
