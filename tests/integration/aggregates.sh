#!/usr/bin/env bash
# Aggregate tables, recomputed independently from the per-document tables
# (tests/tools/recompute.py) and compared: counts exactly, statistics to
# 1e-6; options that shape them; byte-identical output whatever -j is.
. "$(dirname "$0")/common.bash"
samples="$SRC/tests/fixtures/samples"
recompute="$SRC/tests/tools/recompute.py"

tl run -q -j 1 -o "$WORK/j1" "$samples"
check "samples run cleanly" [ "$status" -eq 0 ]
for t in entities daily weekly cooccurrence timeline_wide amounts_weekly candidates unknown_names; do
  check "$t.csv written" [ -s "$WORK/j1/$t.csv" ]
done
check "aggregates equal an independent recomputation" python3 "$recompute" "$WORK/j1"
check "weekly.csv shows zero weeks after a first mention" python3 - "$WORK/j1/weekly.csv" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
assert any(r["items"] == "0" and r["share"] == "0" for r in rows), "no zero week"
# four weeks of samples: slopes and changes exist, z-scores need four weeks before (see corpus.sh)
assert any(r["slope"] for r in rows) and any(r["change"] for r in rows)
PY

tl run -q -j 4 -o "$WORK/j4" "$samples"
for t in documents items mentions amounts unknown_names entities daily weekly cooccurrence timeline_wide amounts_weekly candidates; do
  check "-j 1 and -j 4 give identical $t.csv" cmp -s "$WORK/j1/$t.csv" "$WORK/j4/$t.csv"
done

tl run -q -o "$WORK/opts" --top 5 --min-pair 3 --baseline-weeks 2 "$samples"
check "--top sets the timeline columns" [ "$(head -1 "$WORK/opts/timeline_wide.csv" | tr ',' '\n' | wc -l)" -eq 6 ]
check "options keep the recomputation equal" python3 "$recompute" "$WORK/opts" --top 5 --min-pair 3 -K 2

tl run -q -o "$WORK/range" --since 2025-10-01 --until 2025-10-12 "$samples"
check "--since/--until restrict every table" python3 - "$WORK/range" <<'PY'
import csv, sys
d = sys.argv[1]
for name, col in (("documents", "date"), ("items", "date"), ("mentions", "date"), ("daily", "date")):
    dates = [r[col] for r in csv.DictReader(open(f"{d}/{name}.csv", encoding="utf-8"))]
    assert dates and all("2025-10-01" <= x <= "2025-10-12" for x in dates), (name, min(dates), max(dates))
PY
check "a restricted run still recomputes" python3 "$recompute" "$WORK/range"

tl run -q -o "$WORK/ent" --entity 英伟达 --entity OpenAI "$samples"
check "--entity limits the per-entity tables (aliases allowed)" python3 - "$WORK/ent" <<'PY'
import csv, sys
d = sys.argv[1]
assert {r["entity"] for r in csv.DictReader(open(d + "/entities.csv", encoding="utf-8"))} == {"Nvidia", "OpenAI"}
assert {r["entity"] for r in csv.DictReader(open(d + "/weekly.csv", encoding="utf-8"))} == {"Nvidia", "OpenAI"}
assert len({r["entity"] for r in csv.DictReader(open(d + "/mentions.csv", encoding="utf-8"))}) > 2  # per-document table untouched
PY
tl run -q --since yesterday "$samples" 2>/dev/null
check "a bad --since is a usage error" [ "$status" -eq 2 ]
finish
