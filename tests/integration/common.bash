# Shared helpers for the integration tests (sourced, not a test itself).
# Each test gets the trendlens binary as $1 and TL_SOURCE_DIR in the environment.
set -euo pipefail
TRENDLENS="$1"
SRC="${TL_SOURCE_DIR:?}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT
failures=0

fail() { echo "FAIL: $*" >&2; failures=$((failures + 1)); }
check() { # check "what" command...
  local what="$1"; shift
  if "$@"; then :; else fail "$what"; fi
}
# Runs trendlens, recording its exit status in $status without stopping.
tl() { status=0; "$TRENDLENS" "$@" || status=$?; }
# Number of data rows of a CSV file (records, not lines: quoted newlines count once).
csv_rows() { python3 -c 'import csv,sys; print(sum(1 for _ in csv.reader(open(sys.argv[1], newline="", encoding="utf-8-sig"))) - 1)' "$1"; }
finish() {
  if [ "$failures" -gt 0 ]; then echo "$failures check(s) failed" >&2; exit 1; fi
  echo "all checks passed"
}
