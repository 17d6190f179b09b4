#!/usr/bin/env bash
# The newcomer's first command: installs what is missing, builds trendlens
# and runs it on the sample digests shipped in tests/fixtures/samples.
# The tables land in reports/ (or the folder given as $1).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" >/dev/null

out="${1:-reports}"
status=0
./build/trendlens run tests/fixtures/samples -o "$out" || status=$?
# Exit status 1 only means some inputs had problems (they were reported).
[ "$status" -le 1 ] || exit "$status"
echo
echo "Tables written to $out/:"
ls -1 "$out"/*.csv
echo
echo "Charts in $out/charts/, weekly reports in $out/weekly/. Open in a browser:"
echo "  $(cd "$out" && pwd)/index.html"
