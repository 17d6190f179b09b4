#!/usr/bin/env bash
# Benchmark (not a test): throughput and peak memory of `trendlens run` on
# large generated corpora, next to cmark alone parsing the same files and
# ripgrep counting every dictionary alias in them.
#
#   scripts/bench.sh [MB...]     default 200; each corpus is made once with
#                                ../shared/scripts/make-bigcorpus.py and kept
#                                in $TRENDLENS_BENCH_DIR (default /tmp).
#                                The tables are written to $TRENDLENS_BENCH_OUT
#                                (default /dev/shm, else /tmp).
#   scripts/bench.sh 200 1000    also compares peak memory across sizes.
#
# Every contender runs TRENDLENS_BENCH_ROUNDS times (default 3), in rounds
# that take each contender in turn, and its fastest run is reported: on a
# shared VM a slow spell lasts seconds and would otherwise fall on one
# contender only and tilt the ratios. Peak memory is the largest seen.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- 200
rounds="${TRENDLENS_BENCH_ROUNDS:-3}"
root="${TRENDLENS_BENCH_DIR:-/tmp}"
maker="../shared/scripts/make-bigcorpus.py"

scripts/install-deps.sh
for tool in /usr/bin/time:time rg:ripgrep; do
  command -v "${tool%%:*}" >/dev/null && continue
  sudo=""; [ "$(id -u)" -ne 0 ] && sudo=sudo
  $sudo apt-get install -y -qq "${tool##*:}" >/dev/null
done
cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBUILD_TESTING=OFF >/dev/null
cmake --build build-bench -j"$(nproc)" >/dev/null
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(free -g | awk '/Mem:/{print $2}') GiB"

declare -A secs rss names
WORK_TIME=$(mktemp)
# The tables go to memory (/dev/shm) where there is one: cmark alone
# writes nothing, and on a VM the disk's write-back can stall a run that
# writes 270 MB of tables for half a second, which is not trendlens's cost.
# A round keeps four runs' tables at once: about 5.4 GB for 1 GB of digests.
default_out=/tmp
[ -d /dev/shm ] && [ -w /dev/shm ] && default_out=/dev/shm
out=$(mktemp -d -p "${TRENDLENS_BENCH_OUT:-$default_out}")
trap 'rm -rf "$WORK_TIME" "$out"' EXIT

# measure KEY COMMAND...: runs the command once and keeps, for KEY, the
# fastest wall time and the largest peak resident memory seen so far.
measure() {
  local key="$1"; shift
  /usr/bin/time -f '%e %M' -o "$WORK_TIME" "$@" >/dev/null 2>"$out/stderr" || [ $? -le 1 ] ||
    { echo "bench: ${names[$key]} failed:" >&2; tail -3 "$out/stderr" >&2; exit 1; }
  local line; line=$(tail -n 1 "$WORK_TIME") # time adds a first line on a non-zero exit
  local s=${line% *} k=${line#* }
  if [ -z "${secs[$key]:-}" ] || awk -v a="$s" -v b="${secs[$key]}" 'BEGIN { exit !(a < b) }'; then
    secs[$key]=$s
  fi
  if [ -z "${rss[$key]:-}" ] || [ "$k" -gt "${rss[$key]}" ]; then
    rss[$key]=$k
  fi
}
# row KEY: prints what measure() kept for KEY.
row() {
  awk -v n="${names[$1]}" -v s="${secs[$1]}" -v b="$bytes" -v k="${rss[$1]}" \
    'BEGIN { printf "%-38s %10.2f %10.1f %12.1f\n", n, s, (s > 0 ? b / 1e6 / s : 0), k / 1024 }'
}
ratio() { awk -v a="${secs[$1]}" -v b="${secs[$2]}" 'BEGIN { printf "%.0f%%", (a > 0 ? 100 * b / a : 0) }'; }

# every alias of the shipped dictionaries, for ripgrep's multi-literal search
python3 - dictionaries "$out/aliases" <<'PY'
import os, sys
aliases = set()
for root, _, names in os.walk(sys.argv[1]):
    for name in names:
        if not name.endswith(".dict"):
            continue
        for line in open(os.path.join(root, name), encoding="utf-8-sig"):
            line = line.strip()
            if not line or line.startswith("#") or line.count(";") < 3:
                continue
            canonical, _, _, field = (f.strip() for f in line.split(";", 3))
            for alias in (a.strip() for a in field.split("|")) if field else [canonical]:
                if alias and not alias.startswith("!"):
                    aliases.add(alias.lstrip("="))
open(sys.argv[2], "w", encoding="utf-8").write("\n".join(sorted(aliases)) + "\n")
PY

memory_rows=()
for mb in "$@"; do
  corpus="$root/trendlens-bench-${mb}mb"
  if [ ! -d "$corpus" ]; then
    [ -f "$maker" ] || { echo "bench: $maker not found (needs ../shared)" >&2; exit 2; }
    python3 "$maker" "$corpus" --mb "$mb" >&2
  fi
  bytes=$(du -sb "$corpus" | cut -f1)
  files=$(find "$corpus" -type f | wc -l)
  find "$corpus" -type f -exec cat {} + >/dev/null # warm the page cache so every contender reads from memory

  echo
  echo "corpus: $corpus ($files files, $((bytes / 1000000)) MB; best of $rounds rounds)"
  printf '%-38s %10s %10s %12s\n' "what" "seconds" "MB/s" "peak RSS MB"
  names=([cmark]="cmark alone (1 thread)" [arena]="cmark alone, arena allocator"
    [rg]="rg --count-matches -F (1 thread)" [parse]="trendlens parse stage (1 thread)"
    [parse2]="trendlens parse stage (2 threads)" [j1]="trendlens run -j 1 --no-reports"
    [j2]="trendlens run -j 2 --no-reports" [rep]="trendlens run -j 2 (with reports)")
  secs=() rss=()
  for ((round = 1; round <= rounds; round++)); do
    rm -rf "${out:?}"/j1 "$out"/j2 "$out"/rep "$out"/parse
    mkdir -p "$out/parse"
    measure cmark build-bench/cmark_baseline "$corpus"
    measure arena build-bench/cmark_baseline --arena "$corpus"
    measure rg rg -j 1 --count-matches -F -f "$out/aliases" "$corpus"
    # the parse stage alone: read, decode, segment, documents.csv + items.csv
    measure parse build-bench/parse_stage -o "$out/parse" "$corpus"
    measure parse2 build-bench/parse_stage -o "$out/parse" -j 2 "$corpus"
    # the pipeline that makes the tables (read, parse, extract, aggregate),
    # then the same with the weekly reports; charts are never rendered here,
    # gnuplot's time is not trendlens's
    measure j1 build-bench/trendlens run -q -j 1 --no-reports -o "$out/j1" "$corpus"
    measure j2 build-bench/trendlens run -q -j 2 --no-reports -o "$out/j2" "$corpus"
    measure rep build-bench/trendlens run -q -j 2 --gnuplot /nonexistent -o "$out/rep" "$corpus"
  done
  for key in cmark arena rg parse parse2 j1 j2 rep; do
    row "$key"
  done
  echo
  echo "each per-document stage on its own (1 thread, tests/bench/stage_costs.c):"
  build-bench/stage_costs "$corpus" 2>/dev/null | awk -v cm="${secs[cmark]}" '
    { s[$1] = $2; printf "  %-10s %8.2f s %8.1f MB/s\n", $1, $2, $3 }
    END {
      rest = s["extract"] - s["entities"] - s["rules"] - s["money"]
      printf "  rules + money on top of entities: %.2f s; candidates and bookkeeping: %.2f s\n", s["rules"] + s["money"], rest
      printf "  parse + entities alone would run at %.0f%% of the cmark-alone rate\n", 100 * cm / (s["parse"] + s["entities"])
    }'
  echo
  echo "parse stage rate / cmark-alone rate: $(ratio parse cmark)   (with cmark in the same arena: $(ratio parse arena))"
  echo "parse stage -j 2 speed-up over -j 1: $(awk -v a="${secs[parse]}" -v b="${secs[parse2]}" 'BEGIN { printf "%.2fx", a / b }')"
  echo "run -j 1 rate / cmark-alone rate:    $(ratio j1 cmark)   (parse, entities, rules, money, candidates, aggregates)"
  echo "run -j 2 speed-up over -j 1:         $(awk -v a="${secs[j1]}" -v b="${secs[j2]}" 'BEGIN { printf "%.2fx", a / b }')"
  if diff -rq "$out/j1" "$out/j2" >/dev/null; then
    echo "-j 1 and -j 2 tables identical:      yes"
  else
    echo "-j 1 and -j 2 tables identical:      NO"
  fi
  memory_rows+=("$(printf '%6s MB  run --no-reports %8.1f MB   run with reports %8.1f MB' "$mb" \
    "$(awk -v k="${rss[j2]}" 'BEGIN { print k / 1024 }')" "$(awk -v k="${rss[rep]}" 'BEGIN { print k / 1024 }')")")
done

if [ $# -gt 1 ]; then
  echo
  echo "peak memory by corpus size (-j 2):"
  printf '%s\n' "${memory_rows[@]}"
fi
