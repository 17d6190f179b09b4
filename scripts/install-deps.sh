#!/usr/bin/env bash
# Installs what trendlens needs to build, test and draw charts on Debian 12,
# skipping packages that are already there. Safe to run again and again.
set -euo pipefail

packages=(
  build-essential cmake pkg-config
  libcmark-dev libutf8proc-dev libpcre2-dev libgsl-dev libcsv-dev
  libcmocka-dev
  gnuplot-nox fonts-noto-cjk
)
# Extra tools for the CI checks (sanitizers with clang, fuzzing, valgrind).
if [ "${TRENDLENS_CI_TOOLS:-0}" = 1 ]; then
  packages+=(clang libclang-rt-14-dev valgrind python3)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "install-deps: installing ${missing[*]}" >&2
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
