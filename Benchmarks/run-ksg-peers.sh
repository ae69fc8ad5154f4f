#!/usr/bin/env bash
# Builds `mi` in release mode, installs the Python peers into Benchmarks/.venv (not part of
# the package) and runs the side-by-side KSG benchmark. Extra arguments go to ksg_peers.py,
# for example: Benchmarks/run-ksg-peers.sh --sizes 1000,10000 --dims 1
set -euo pipefail
cd "$(dirname "$0")/.."
# A statically linked Swift runtime starts in about 5 ms instead of 13 ms; it is how the
# README recommends installing the tool.
swift build -c release --static-swift-stdlib --scratch-path .build-static --product mi
if [ ! -x Benchmarks/.venv/bin/python ]; then
  python3 -m venv Benchmarks/.venv
fi
Benchmarks/.venv/bin/pip install --quiet numpy scipy scikit-learn npeet-plus ennemi
Benchmarks/.venv/bin/python -c "import sklearn, numpy, scipy; print('scikit-learn', sklearn.__version__, 'numpy', numpy.__version__, 'scipy', scipy.__version__)"
Benchmarks/.venv/bin/pip show npeet-plus ennemi 2>/dev/null | grep -E '^(Name|Version)'
echo "cores: $(nproc)   $(lscpu | grep 'Model name' | sed 's/ \+/ /g')"
Benchmarks/.venv/bin/python Benchmarks/ksg_peers.py "$(pwd)/.build-static/release/mi" "$@"
