#!/usr/bin/env bash
# The command line: help, version, usage errors and their exit status.
. "$(dirname "$0")/common.bash"

tl --help >"$WORK/help"
check "--help exits 0" [ "$status" -eq 0 ]
check "--help shows usage" grep -q "usage: trendlens run" "$WORK/help"
tl --version >"$WORK/version"
check "--version exits 0" [ "$status" -eq 0 ]
check "--version prints the version" grep -qE "^trendlens [0-9]+\.[0-9]+\.[0-9]+" "$WORK/version"
tl 2>"$WORK/err"
check "no command is a usage error" [ "$status" -eq 2 ]
tl frobnicate 2>"$WORK/err"
check "unknown command exits 2" [ "$status" -eq 2 ]
check "unknown command is named" grep -q "unknown command 'frobnicate'" "$WORK/err"
tl run 2>"$WORK/err"
check "run without paths exits 2" [ "$status" -eq 2 ]
tl run -j 0 "$SRC/tests/fixtures/samples" 2>"$WORK/err"
check "-j 0 exits 2" [ "$status" -eq 2 ]
tl run --bogus "$SRC/tests/fixtures/samples" 2>"$WORK/err"
check "unknown option exits 2" [ "$status" -eq 2 ]
tl run -q -o "$WORK/out" "$WORK/does-not-exist" 2>"$WORK/err"
check "missing input exits 2 when nothing is left" [ "$status" -eq 2 ]
check "missing input is reported with its path" grep -q "trendlens: $WORK/does-not-exist: cannot read" "$WORK/err"
check "no tables for a failed run" [ ! -e "$WORK/out/documents.csv" ]

# a missing path next to good ones: reported, the rest processed, exit 1
tl run -q -o "$WORK/out" "$SRC/tests/fixtures/samples" "$WORK/does-not-exist" 2>"$WORK/err"
check "missing input among good ones exits 1" [ "$status" -eq 1 ]
check "the good inputs were processed" [ -s "$WORK/out/documents.csv" ]
finish
