#!/usr/bin/env bash
# The sample digests: clean run, one row per file, stable output across
# thread counts, no temporary files left, spreadsheet-safe mode.
. "$(dirname "$0")/common.bash"
samples="$SRC/tests/fixtures/samples"
n_files=$(find "$samples" -type f \( -name '*.md' -o -name '*.markdown' -o -name '*.txt' \) | wc -l)

tl run -q -j 1 -o "$WORK/j1" "$samples" 2>"$WORK/err1"
check "samples run cleanly (exit 0)" [ "$status" -eq 0 ]
check "no messages for clean samples" [ ! -s "$WORK/err1" ]
check "one documents.csv row per sample" [ "$(csv_rows "$WORK/j1/documents.csv")" -eq "$n_files" ]
check "documents.csv header" [ "$(head -1 "$WORK/j1/documents.csv")" = "doc,path,date,week,title,items,bytes,status,fingerprint" ]
check "items.csv header" [ "$(head -1 "$WORK/j1/items.csv")" = "doc,item,date,section,title,url,source,line,start,end" ]
check "no temporary files left" [ -z "$(find "$WORK/j1" -name '.*tmp*')" ]
python3 - "$WORK/j1" <<'PY' || fail "documents/items consistency"
import csv, sys, re
d = sys.argv[1]
docs = list(csv.DictReader(open(d + "/documents.csv", encoding="utf-8")))
items = list(csv.DictReader(open(d + "/items.csv", encoding="utf-8")))
assert [int(r["doc"]) for r in docs] == list(range(1, len(docs) + 1)), "doc numbers are 1..n"
assert [r["path"] for r in docs] == sorted(r["path"] for r in docs), "sorted path order"
for r in docs:
    assert re.fullmatch(r"\d{4}-\d\d-\d\d", r["date"]), r
    assert re.fullmatch(r"\d{4}-W\d\d", r["week"]), r
    assert int(r["items"]) > 0, r
    assert r["status"] == "ok", r
    n = sum(1 for i in items if i["doc"] == r["doc"])
    assert n == int(r["items"]), (r, n)
weeks = {r["week"] for r in docs}
assert len(weeks) >= 3, weeks
for i in items:
    assert int(i["start"]) < int(i["end"]), i
    assert i["title"], i
PY

tl run -q -j 4 -o "$WORK/j4" "$samples"
check "-j 4 gives identical documents.csv" cmp -s "$WORK/j1/documents.csv" "$WORK/j4/documents.csv"
check "-j 4 gives identical items.csv" cmp -s "$WORK/j1/items.csv" "$WORK/j4/items.csv"

tl run -q --excel -o "$WORK/xl" "$samples"
check "--excel starts with a BOM" [ "$(head -c 3 "$WORK/xl/documents.csv" | od -An -tx1 | tr -d ' ')" = "efbbbf" ]
# a title that a spreadsheet would run as a formula
mkdir -p "$WORK/formula"
printf -- '---\ntitle: "=HYPERLINK(\\"http://evil\\")"\ndate: 2025-10-05\n---\n\n1.  [**=1+1 新闻**](https://a.example/1)\n\n    正文。\n' >"$WORK/formula/d.md"
tl run -q --excel -o "$WORK/xl2" "$WORK/formula"
check "--excel neutralizes formula titles" grep -q "'=HYPERLINK" "$WORK/xl2/documents.csv"
check "--excel neutralizes formula item titles" grep -q "'=1+1 新闻" "$WORK/xl2/items.csv"
tl run -q -o "$WORK/plain" "$WORK/formula"
check "without --excel cells are as written" grep -q '"=HYPERLINK(""http://evil"")"' "$WORK/plain/documents.csv"
finish
