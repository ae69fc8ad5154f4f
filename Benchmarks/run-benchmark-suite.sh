#!/usr/bin/env bash
# The ground-truth suite (issue 14), ours and the peers on the same task files, into one report:
#   1. `mi benchmark --write-tasks` writes every task (bmi's 40, the extra MI, CMI and TC
#      tasks) at SAMPLES samples × SEEDS seeds in bmi's layout under Benchmarks/data/tasks;
#   2. our estimators run on those files (`mi benchmark --bmi-tasks`), one JSON line per run,
#      and ksg1, copula, gaussian and auto again with 95% intervals (--intervals 100) for the
#      report's coverage figure (the longest step: about 40 minutes on 2 cores);
#   3. the peers run on the same files (Benchmarks/benchmark_peers.py: scikit-learn, NPEET,
#      bmi's KSG ensemble and CCA by default; PEERS=... adds bmi's and torch-mist's neural
#      estimators and latentmi, which take minutes per run);
#   4. `mi report` writes docs/benchmark-report.html.
# Peers are installed in Benchmarks/.venv, never in the package. bmi 0.1.3 imports only with
# jax 0.4.30. Usage: Benchmarks/run-benchmark-suite.sh [SAMPLES] [SEEDS]
set -euo pipefail
cd "$(dirname "$0")/.."
SAMPLES="${1:-5000}"
SEEDS="${2:-3}"
OURS="${OURS:-ksg1,ksg2,copula,gaussian,mixed,miller-madow,auto}"
PEERS="${PEERS:-sklearn:ksg,npeet:ksg,npeet:cmi,npeet:tc,bmi:ksg,bmi:cca}"
swift build -c release --product mi
MI=.build/release/mi
if [ ! -x Benchmarks/.venv/bin/python ]; then python3 -m venv Benchmarks/.venv; fi
Benchmarks/.venv/bin/pip install --quiet numpy scipy scikit-learn npeet-plus pyyaml "benchmark-mi==0.1.3" "jax==0.4.30" "jaxlib==0.4.30"
if [[ "$PEERS" == *torch-mist* ]]; then Benchmarks/.venv/bin/pip install --quiet "torch-mist==0.2.17"; fi
if [[ "$PEERS" == *latentmi* ]]; then Benchmarks/.venv/bin/pip install --quiet latentmi; fi
DATA=Benchmarks/data
mkdir -p "$DATA"
echo "cores: $(nproc)   $(lscpu | grep 'Model name' | sed 's/ \+/ /g')"
$MI benchmark --tasks all --samples "$SAMPLES" --seeds "$SEEDS" --write-tasks "$DATA/tasks"
$MI benchmark --bmi-tasks "$DATA/tasks" --estimators "$OURS" -o "$DATA/ours.jsonl"
$MI benchmark --bmi-tasks "$DATA/tasks" --estimators ksg1,copula,gaussian,auto --intervals 100 -o "$DATA/ours-intervals.jsonl"
Benchmarks/.venv/bin/python Benchmarks/benchmark_peers.py "$DATA/tasks" --estimators "$PEERS" --out "$DATA/peers.jsonl"
# The neural comparison (Benchmarks/run-neural-peers.sh, about an hour) and the neural
# intervals join the report when their results exist.
NEURAL=()
for f in ours-neural.jsonl ours-neural-intervals.jsonl peers-neural.jsonl; do [ -f "$DATA/$f" ] && NEURAL+=("$DATA/$f"); done
$MI report "$DATA/ours-intervals.jsonl" "$DATA/ours.jsonl" "$DATA/peers.jsonl" "${NEURAL[@]}" -o docs/benchmark-report.html \
  --title "The ground-truth suite: $SAMPLES samples, $SEEDS seeds, ours and peers"
Benchmarks/.venv/bin/python Benchmarks/benchmark_summary.py "$DATA/ours.jsonl" "$DATA/peers.jsonl"
