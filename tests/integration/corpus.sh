#!/usr/bin/env bash
# The real archives in ../shared (corpus and seeds), when they are there:
# every file gets a row and the right date, every digest has items, and the
# counts a reader made by hand on a sample of each format hold.
. "$(dirname "$0")/common.bash"
shared="$SRC/../shared"
if [ ! -d "$shared/corpus" ]; then
  echo "skipped: $shared/corpus is absent"
  exit 77
fi
tl run -q -j 2 -o "$WORK/out" "$shared/corpus" "$shared/seeds" 2>"$WORK/err"
check "corpus run finishes with 0 or 1" [ "$status" -le 1 ]
python3 - "$WORK/out" "$shared" <<'PY' || fail "corpus expectations"
import csv, os, re, sys
out, shared = sys.argv[1], sys.argv[2]
files = []
for base in ("corpus", "seeds"):
    for root, _, names in os.walk(os.path.join(shared, base)):
        files += [os.path.join(root, n) for n in names if n.endswith((".md", ".markdown", ".txt"))]
docs = list(csv.DictReader(open(out + "/documents.csv", encoding="utf-8")))
items = list(csv.DictReader(open(out + "/items.csv", encoding="utf-8")))
assert len(docs) == len(files), (len(docs), len(files))
by_name = {os.path.basename(r["path"]): r for r in docs}
problems = []
for r in docs:
    name = os.path.basename(r["path"])
    if name == "SOURCES.md":
        continue
    m = re.search(r"(\d{4})-(\d\d)-(\d\d)", name)
    if m and r["date"] != "-".join(m.groups()):
        problems.append(f"{name}: date {r['date']}")
    if not r["date"]:
        problems.append(f"{name}: no date")
    if int(r["items"]) == 0:
        problems.append(f"{name}: no items ({r['status']})")
# counts made by reading the files (one or more per format)
expected = {
    "000_169f08e804a15e92.txt": (12, "通义千问开源Qwen3-VL-30B-A3B模型，获华为昇腾0day支持"),
    "003_39cbb1e42db1cf45.txt": (13, "Sam Altman 重新定义 OpenAI：从基础模型到 AI 超级系统的战略转型"),
    "content__daily__2026-01-22-index.md": (84, "Horizon 1000：OpenAI携手盖茨基金会推进非洲基层AI医疗"),
    "content__cn__2025-12__2025-12-20.md": (12, "字节跳动：我也想低调，但实力不允许"),
    "content__cn__2025-12__2025-12-23.md": (None, "Flask 作者神预言：编程已死，Vibe Coding 当立"),
}
for name, (count, title) in expected.items():
    r = by_name[name]
    its = [i for i in items if i["doc"] == r["doc"]]
    if count is not None and len(its) != count:
        problems.append(f"{name}: {len(its)} items, a reader counts {count}")
    if its[0]["title"] != title:
        problems.append(f"{name}: first title {its[0]['title']!r}")
if problems:
    print("\n".join(problems[:40]))
    sys.exit(1)
print(f"{len(docs)} documents, {len(items)} items")
PY
python3 - "$WORK/out" "$TRENDLENS" "$shared" <<'PY' || fail "entities and explain on the corpus"
import csv, subprocess, sys
out, exe, shared = sys.argv[1:4]
ents = list(csv.DictReader(open(out + "/entities.csv", encoding="utf-8")))
top = [e["entity"] for e in ents[:20]]
for name in ("OpenAI", "Google", "Anthropic", "Nvidia"):
    assert name in top, (name, top)
docs = {r["doc"]: r for r in csv.DictReader(open(out + "/documents.csv", encoding="utf-8"))}
for name, entity in (("OpenAI", "OpenAI"), ("英伟达", "Nvidia"), ("千问", "Qwen")):
    lines = subprocess.run([exe, "explain", "-j", "2", name, shared + "/corpus", shared + "/seeds"],
                           capture_output=True, text=True).stdout.splitlines()
    shown = sorted(l.split(": ", 1)[0] for l in lines)
    rows = sorted(f'{docs[m["doc"]]["path"]}:{m["line"]}'
                  for m in csv.DictReader(open(out + "/mentions.csv", encoding="utf-8")) if m["entity"] == entity)
    assert shown == rows, (name, len(shown), len(rows))
    print(f"explain {name}: {len(rows)} mentions, same as mentions.csv")
PY
check "aggregates on the corpus equal an independent recomputation" python3 "$SRC/tests/tools/recompute.py" "$WORK/out"
check "the corpus has z-scores, slopes and strong pairs" python3 - "$WORK/out" <<'PY'
import csv, sys
d = sys.argv[1]
weekly = list(csv.DictReader(open(d + "/weekly.csv", encoding="utf-8")))
assert sum(1 for r in weekly if r["zscore"]) > 1000 and sum(1 for r in weekly if r["slope"]) > 1000
top = list(csv.DictReader(open(d + "/cooccurrence.csv", encoding="utf-8")))[:10]
assert {"Anthropic", "Claude"} <= {top[0]["entity_a"], top[0]["entity_b"]} or any(
    {r["entity_a"], r["entity_b"]} == {"Anthropic", "Claude"} for r in top), top[:3]
PY
tl run -q -j 1 -o "$WORK/j1" "$shared/corpus" "$shared/seeds" 2>/dev/null
check "-j 1 and -j 2 give identical items.csv" cmp -s "$WORK/j1/items.csv" "$WORK/out/items.csv"
check "-j 1 and -j 2 give identical documents.csv" cmp -s "$WORK/j1/documents.csv" "$WORK/out/documents.csv"
check "-j 1 and -j 2 give identical mentions.csv" cmp -s "$WORK/j1/mentions.csv" "$WORK/out/mentions.csv"
for t in entities amounts daily weekly cooccurrence timeline_wide amounts_weekly; do
  check "-j 1 and -j 2 give identical $t.csv" cmp -s "$WORK/j1/$t.csv" "$WORK/out/$t.csv"
done
# shard equivalence on the real archives: one shard per source, merged
tl extract -q -o "$WORK/s1" "$shared/corpus/Ming-H__ai-insights" "$shared/seeds" 2>/dev/null
tl extract -q -o "$WORK/s2" "$shared/corpus/dongyu19920904__Hextra-AI-Insight-Daily" 2>/dev/null
tl extract -q -o "$WORK/s3" "$shared/corpus/tianyaxiang__ai-news" "$shared/corpus/SOURCES.md" 2>/dev/null
tl aggregate -q -o "$WORK/merged" "$WORK/s3" "$WORK/s1" "$WORK/s2" 2>/dev/null
for t in documents items mentions amounts unknown_names entities daily weekly cooccurrence timeline_wide amounts_weekly candidates; do
  check "corpus: shards merge into the run's $t.csv" cmp -s "$WORK/merged/$t.csv" "$WORK/out/$t.csv"
done
finish
