#!/usr/bin/env bash
# `make bench`: builds what it measures (release CLI, the Python wheel, the criterion
# benches), runs the criterion benches, then the comparison against pyHanko and OpenSSL
# in the same run. Writes the report to BENCHMARKS.md's results file.
set -euo pipefail
cd "$(dirname "$0")/../.."
VENV=${VENV:-.venv}
REPORT=${1:-target/compare.md}

cargo build --release --locked -p tte-cli -p tte-benches --bins
"$VENV/bin/pip" install -q --disable-pip-version-check --force-reinstall --no-deps ./python
cargo bench --locked -p tte-benches --bench signing -- --warm-up-time 1 --measurement-time 5
"$VENV/bin/python" benches/compare/compare.py "$REPORT"
echo "report: $REPORT"
