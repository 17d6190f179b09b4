#!/usr/bin/env bash
# Damaged input is normal weather: every file gets its row and a status,
# problems are reported as path:line, the batch goes on, exit status 1.
. "$(dirname "$0")/common.bash"
damaged="$SRC/tests/fixtures/damaged"

tl run -q -o "$WORK/out" "$damaged" 2>"$WORK/err"
check "damaged inputs give exit status 1" [ "$status" -eq 1 ]
n_files=$(find "$damaged" -type f -name '*.md' | wc -l)
check "one row per damaged file" [ "$(csv_rows "$WORK/out/documents.csv")" -eq "$n_files" ]
python3 - "$WORK/out/documents.csv" <<'PY' || fail "statuses of damaged files"
import csv, os, sys
rows = {os.path.basename(r["path"]): r for r in csv.DictReader(open(sys.argv[1], encoding="utf-8"))}
expected = {  # file: (date, items, status)
    "bom.md": ("2025-10-06", 2, "ok"),
    "crlf.md": ("2025-10-07", 2, "ok"),
    "no-final-newline.md": ("2025-10-08", 2, "ok"),
    "nul-bytes.md": ("2025-10-09", 2, "nul-bytes:3"),
    "kangxi.md": ("2025-10-05", 2, "ok"),
    "zero-width.md": ("2025-10-10", 2, "ok"),
    "invalid-utf8.md": ("2025-10-11", 2, "invalid-utf8:9"),
    "gb18030.md": ("2025-10-12", 3, "gb18030"),
    "utf16le.md": ("", 0, "binary"),
    "empty.md": ("", 0, "empty"),
    "binary.md": ("", 0, "binary"),
    "error-502.md": ("2025-10-13", 0, "no-news"),
    "error-json.md": ("2025-10-14", 0, "no-news"),
    "truncated-front-matter.md": ("2025-10-15", 2, "front-matter-error:1"),
    "malformed-front-matter.md": ("2025-10-16", 2, "front-matter-error:2"),
    "no-date.md": ("", 0, "no-date"),
    "hard-wraps.md": ("2025-10-17", 2, "ok"),
    "content__cn__2025-09__2025-09-23-backup.md": ("2025-09-23", 8, "ok"),
}
bad = []
for name, (date, items, status) in expected.items():
    r = rows.get(name)
    if r is None:
        bad.append(f"{name}: no row")
    elif (r["date"], int(r["items"]), r["status"]) != (date, items, status):
        bad.append(f"{name}: {r['date']}, {r['items']} items, {r['status']}")
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
check "front-matter problems name their line" grep -q "malformed-front-matter.md:3: front matter: expected" "$WORK/err"
check "unclosed front matter is reported at line 1" grep -q "truncated-front-matter.md:1: front matter: the \`---\` block is never closed" "$WORK/err"
check "GB18030 decoding is said" grep -q "gb18030.md: not UTF-8: decoded as GB18030" "$WORK/err"

# the same bytes twice: analysed once, the later file names the first
mkdir -p "$WORK/dup"
cp "$SRC/tests/fixtures/samples/express_3f9c2e71.md" "$WORK/dup/a.md"
cp "$SRC/tests/fixtures/samples/express_3f9c2e71.md" "$WORK/dup/b.md"
tl run -q -o "$WORK/dupout" "$WORK/dup" 2>/dev/null
check "duplicates are not a problem" [ "$status" -eq 0 ]
check "the duplicate names the first" grep -q "duplicate-of:$WORK/dup/a.md" "$WORK/dupout/documents.csv"
check "the duplicate's items are not counted twice" [ "$(csv_rows "$WORK/dupout/items.csv")" -eq 4 ]

# a 50 MB single line, a 100,000-file folder: no crash, no hang
python3 - "$WORK/big" <<'PY'
import os, sys
d = sys.argv[1]
os.makedirs(d + "/many")
with open(d + "/2025-10-05-one-line.md", "w") as f:
    # one sentence with 20,000 amounts in it: each amount lists the sentence's names
    f.write("---\ndate: 2025-10-05\n---\n1. [**OpenAI**](https://a.example/) " +
            ("英伟达与OpenAI合作 " * 99 + "英伟达投资1亿美元 ") * 20_000)
for i in range(100_000):
    with open(f"{d}/many/2025-10-{i % 28 + 1:02d}-{i}.md", "w") as f:
        f.write(f"1. [新闻 {i}](https://n.example/{i})\n")
PY
tl run -q -j 2 -o "$WORK/bigout" "$WORK/big" 2>"$WORK/bigerr"
check "50 MB line and 100,000 files: exit 0 (status $status)" [ "$status" -eq 0 ]
check "every file has a row" [ "$(csv_rows "$WORK/bigout/documents.csv")" -eq 100001 ]
check "every tiny file has its item" [ "$(csv_rows "$WORK/bigout/items.csv")" -eq 100001 ]
check "the long line's 20,000 amounts all name its entities" python3 -c '
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding="utf-8")))
assert len(rows) == 20000 and all(r["entities"] == "OpenAI;Nvidia" for r in rows), len(rows)' "$WORK/bigout/amounts.csv"

# an output folder that cannot be written: fatal (2), nothing half-written
mkdir -p "$WORK/ro" && chmod 500 "$WORK/ro"
if [ "$(id -u)" -ne 0 ]; then
  tl run -q -o "$WORK/ro" "$SRC/tests/fixtures/samples" 2>/dev/null
  check "unwritable output folder exits 2" [ "$status" -eq 2 ]
fi
finish
