#!/usr/bin/env bash
# Entity mentions against a hand annotation: tests/fixtures/golden holds
# three digests and mentions.expected.tsv, marked by a reader who applied the
# shipped dictionary without running trendlens.
. "$(dirname "$0")/common.bash"
golden="$SRC/tests/fixtures/golden"
tl run -q -o "$WORK/out" "$golden"
check "golden digests run cleanly" [ "$status" -eq 0 ]
python3 - "$WORK/out" "$golden/mentions.expected.tsv" <<'PY' || fail "mentions differ from the hand annotation"
import csv, os, sys
out, expected_path = sys.argv[1:3]
docs = {r["doc"]: os.path.basename(r["path"]) for r in csv.DictReader(open(out + "/documents.csv", encoding="utf-8"))}
got = [(docs[m["doc"]], int(m["line"]), m["entity"], m["surface"].replace("\n", "\\n"))
       for m in csv.DictReader(open(out + "/mentions.csv", encoding="utf-8"))]
want = []
for line in open(expected_path, encoding="utf-8"):
    if line.startswith("#") or not line.strip() or line.startswith("file\t"):
        continue
    f, ln, entity, surface = line.rstrip("\n").split("\t")
    want.append((f, int(ln), entity, surface))
missing = [w for w in want if w not in got]
extra = [g for g in got if g not in want]
for w in missing:
    print("missing:", w)
for g in extra:
    print("extra:  ", g)
print(f"{len(want)} expected, {len(got)} found, {len(missing)} missing, {len(extra)} extra")
sys.exit(1 if missing or extra or len(got) != len(want) else 0)
PY
finish
