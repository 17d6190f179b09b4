#!/usr/bin/env bash
# Builds trendlens with warnings as errors and runs the whole test suite
# (unit tests, integration tests, and the corpus tests when ../shared/corpus
# exists). Installs what is missing first. Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh
build="${TRENDLENS_BUILD_DIR:-build-test}"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTRENDLENS_WERROR=ON ${TRENDLENS_CMAKE_ARGS:-} >/dev/null
cmake --build "$build" -j"$(nproc)"
cd "$build"
ctest --output-on-failure -j"$(nproc)" "$@"
