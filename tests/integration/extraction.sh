#!/usr/bin/env bash
# Entity extraction end to end: mentions.csv points at the exact bytes and
# lines of the files, explain agrees with mentions.csv, dictionaries load
# from -d and are checked by `dict check`.
. "$(dirname "$0")/common.bash"
samples="$SRC/tests/fixtures/samples"

tl run -q -o "$WORK/out" "$samples"
check "samples run cleanly" [ "$status" -eq 0 ]
check "mentions.csv header" [ "$(head -1 "$WORK/out/mentions.csv")" = "doc,item,date,entity,type,parent,surface,line,offset" ]
check "entities.csv header" [ "$(head -1 "$WORK/out/entities.csv")" = "entity,type,parent,mentions,items,documents,first_date,last_date" ]
python3 - "$WORK/out" <<'PY' || fail "mentions point at the bytes and lines of the files"
import csv, sys, collections
d = sys.argv[1]
docs = {r["doc"]: r for r in csv.DictReader(open(d + "/documents.csv", encoding="utf-8"))}
items = {(r["doc"], r["item"]): r for r in csv.DictReader(open(d + "/items.csv", encoding="utf-8"))}
mentions = list(csv.DictReader(open(d + "/mentions.csv", encoding="utf-8")))
assert len(mentions) > 200, len(mentions)
data = {}
per_entity = collections.Counter()
for m in mentions:
    path = docs[m["doc"]]["path"]
    raw = data.setdefault(path, open(path, "rb").read())
    off, surface = int(m["offset"]), m["surface"].encode()
    assert raw[off:off + len(surface)] == surface, (path, m)
    assert raw[:off].count(b"\n") + 1 == int(m["line"]), (path, m)
    if m["item"] != "0":
        it = items[(m["doc"], m["item"])]
        assert int(it["start"]) <= off < int(it["end"]), (m, it)
    assert m["date"] == docs[m["doc"]]["date"]
    per_entity[m["entity"]] += 1
ents = list(csv.DictReader(open(d + "/entities.csv", encoding="utf-8")))
assert {e["entity"]: int(e["mentions"]) for e in ents} == dict(per_entity)
assert [int(e["mentions"]) for e in ents] == sorted((int(e["mentions"]) for e in ents), reverse=True)
top = [e["entity"] for e in ents[:8]]
for name in ("OpenAI", "Nvidia"):
    assert name in top, top
PY

check "amounts.csv header" [ "$(head -1 "$WORK/out/amounts.csv")" = "doc,item,date,surface,value,value_high,currency,usd,kind,qualifier,entities,line,offset,restates" ]
python3 - "$WORK/out" <<'PY' || fail "amounts point at their bytes and name entities of their document"
import csv, sys
from decimal import Decimal
d = sys.argv[1]
docs = {r["doc"]: r for r in csv.DictReader(open(d + "/documents.csv", encoding="utf-8"))}
names = {}
for m in csv.DictReader(open(d + "/mentions.csv", encoding="utf-8")):
    names.setdefault(m["doc"], set()).add(m["entity"])
amounts = list(csv.DictReader(open(d + "/amounts.csv", encoding="utf-8")))
assert len(amounts) >= 30, len(amounts)
kinds = {a["kind"] for a in amounts}
assert kinds == {"amount", "price"}, kinds
for a in amounts:
    raw = open(docs[a["doc"]]["path"], "rb").read()
    off, surface = int(a["offset"]), a["surface"].encode()
    assert raw[off:off + len(surface)] == surface, a
    assert a["currency"], a
    assert Decimal(a["value"]) > 0, a
    if a["value_high"]:
        assert Decimal(a["value_high"]) > Decimal(a["value"]), a
    for e in filter(None, a["entities"].split(";")):
        assert e in names.get(a["doc"], ()), (e, a)
    if a["currency"] == "USD":
        assert Decimal(a["usd"]) == Decimal(a["value"]).quantize(Decimal("0.01")), a
# no parameter, token or user count is ever money
for a in amounts:
    assert not any(w in a["surface"] for w in ("参数", "月活", "tokens", "TOPS", "吉瓦", "GW")) or a["kind"] == "price", a
PY

# explain shows exactly the mentions.csv rows of an entity, by any alias
for name in OpenAI 英伟达 Qwen "Sam Altman" "GPT-5"; do
  expected=$(python3 - "$WORK/out" "$name" "$TRENDLENS" "$samples" <<'PY'
import csv, subprocess, sys
d, name, exe, samples = sys.argv[1:5]
docs = {r["doc"]: r["path"] for r in csv.DictReader(open(d + "/documents.csv", encoding="utf-8"))}
lines = subprocess.run([exe, "explain", name, samples], capture_output=True, text=True).stdout.splitlines()
shown = sorted(l.split(": ", 1)[0] for l in lines)
entity = {"英伟达": "Nvidia"}.get(name, name)
rows = sorted(f'{docs[m["doc"]]}:{m["line"]}' for m in csv.DictReader(open(d + "/mentions.csv", encoding="utf-8"))
              if m["entity"] == entity)
assert rows and shown == rows, (name, len(shown), len(rows))
assert all("«" in l and "»" in l for l in lines)
print(len(rows))
PY
)
  check "explain $name agrees with mentions.csv (${expected:-failed})" [ -n "$expected" ]
done
tl explain "No Such Company" "$samples" 2>"$WORK/err" >/dev/null
check "explain of an unknown name exits 2" [ "$status" -eq 2 ]

# dict check: the shipped dictionary is clean; a broken one is not
tl dict check >"$WORK/check"
check "dict check of the shipped dictionaries exits 0" [ "$status" -eq 0 ]
check "dict check says it is clean" grep -q "0 problem(s), 0 warning(s)" "$WORK/check"
check "dict check counts rules and rates" grep -qE "[0-9]+ entities, [1-9][0-9]* rules, [1-9][0-9]* exchange rates" "$WORK/check"
tl dict check "$SRC/dictionaries" "$SRC/dictionaries/" >"$WORK/check-again" 2>"$WORK/err"
check "dict check naming the shipped folder (twice) loads it once" [ "$status" -eq 0 ]
check "and counts it once" cmp -s "$WORK/check" "$WORK/check-again"
mkdir -p "$WORK/badrules" && printf 'NoSuchFamily ; model ; zz ; ZZ-${v} ; zz-(?<v>\\d+)\nGPT ; model ; gpt ; x ; gpt(\n' >"$WORK/badrules/rules.txt"
tl dict check "$WORK/badrules" >/dev/null 2>"$WORK/err"
check "dict check reports bad rules" [ "$status" -eq 1 ]
check "an unknown rule family names its line" grep -q "badrules/rules.txt:1: family 'NoSuchFamily'" "$WORK/err"
check "a pattern that does not compile names its line" grep -q "badrules/rules.txt:2: " "$WORK/err"
tl dict check --alone "$SRC/tests/fixtures/dict/bad" >/dev/null 2>"$WORK/err"
check "dict check of a broken dictionary exits 1" [ "$status" -eq 1 ]
check "dictionary problems name file and line" grep -qE "trendlens: .*/dict/bad/[a-z0-9]+\.dict:[0-9]+: " "$WORK/err"

# -d adds a user dictionary on top of the shipped one
mkdir -p "$WORK/mydict"
printf '# my additions\n云岫科技 ; org ; ; 云岫科技 | Yunxiu\n' >"$WORK/mydict/extra.dict"
tl run -q -d "$WORK/mydict" -o "$WORK/out2" "$samples"
check "run with -d exits 0" [ "$status" -eq 0 ]
check "-d entities are found" grep -q ',云岫科技,org,' "$WORK/out2/mentions.csv"
check "shipped entities are still found" grep -q ',OpenAI,org,' "$WORK/out2/mentions.csv"
printf 'Broken line without fields\n' >"$WORK/mydict/broken.dict"
tl run -q -d "$WORK/mydict" -o "$WORK/out3" "$samples" 2>"$WORK/err"
check "a broken user dictionary is reported and the run goes on (exit 1)" [ "$status" -eq 1 ]
check "the broken line is named" grep -q "broken.dict:1:" "$WORK/err"
finish
