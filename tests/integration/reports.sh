#!/usr/bin/env bash
# Charts and weekly reports at the end of run: rendered when gnuplot is
# there, data and scripts kept (exit 1, how to render said) when it is not;
# hostile names from a dictionary and a digest are shown, never executed,
# and nothing is written outside the output folder.
. "$(dirname "$0")/common.bash"
samples="$SRC/tests/fixtures/samples"

tl run -q -o "$WORK/out" "$samples"
check "samples run with reports (status $status)" [ "$status" -eq 0 ] || command -v gnuplot >/dev/null || true
check "index.html written" [ -s "$WORK/out/index.html" ]
n_weeks=$(tail -n +2 "$WORK/out/documents.csv" | cut -d, -f4 | sort -u | wc -l)
check "one weekly report per week with digests" [ "$(ls "$WORK/out/weekly/"*.md | wc -l)" -eq "$n_weeks" ]
check "every report has HTML" [ "$(ls "$WORK/out/weekly/"*.html | wc -l)" -eq "$n_weeks" ]
for c in timeline cooccurrence amounts; do
  check "chart $c has data and script" [ -s "$WORK/out/charts/$c.dat" ]
  check "chart $c has data and script" [ -s "$WORK/out/charts/$c.gp" ]
done
if command -v gnuplot >/dev/null; then
  check "timeline.png rendered" [ -s "$WORK/out/charts/timeline.png" ]
  check "timeline.svg rendered" [ -s "$WORK/out/charts/timeline.svg" ]
fi
python3 - "$WORK/out" <<'PY' || fail "HTML links and images resolve, markup balanced"
import html.parser, os, sys, glob
out = sys.argv[1]
class Check(html.parser.HTMLParser):
    def __init__(self, path):
        super().__init__(); self.path = path; self.stack = []; self.bad = []
    def handle_starttag(self, tag, attrs):
        if tag not in ("meta", "link", "img", "br", "hr", "input"):
            self.stack.append(tag)
        for k, v in attrs:
            if k in ("href", "src") and v and not v.startswith(("http://", "https://", "#", "mailto:")):
                target = os.path.normpath(os.path.join(os.path.dirname(self.path), v.split("#")[0]))
                if not os.path.exists(target):
                    self.bad.append(f"{self.path}: {v} does not exist")
                if not target.startswith(os.path.abspath(out)):
                    self.bad.append(f"{self.path}: {v} leaves the output folder")
    def handle_endtag(self, tag):
        if tag in ("meta", "link", "img", "br", "hr", "input"):
            return
        if not self.stack or self.stack.pop() != tag:
            self.bad.append(f"{self.path}: unbalanced </{tag}>")
bad = []
for page in [out + "/index.html"] + glob.glob(out + "/weekly/*.html"):
    c = Check(os.path.abspath(page)); c.feed(open(page, encoding="utf-8").read()); c.close()
    bad += c.bad + ([f"{page}: unclosed {c.stack}"] if c.stack else [])
print("\n".join(bad[:20])); sys.exit(1 if bad else 0)
PY

tl run -q --no-reports -o "$WORK/tables" "$samples"
check "--no-reports: tables only" [ -s "$WORK/tables/weekly.csv" ]
check "--no-reports: tables only" [ ! -e "$WORK/tables/index.html" ]
check "--no-reports: tables only" [ ! -e "$WORK/tables/charts" ]

# without gnuplot: data and scripts stay, exit 1, the message says how to render
tl run -q -o "$WORK/nognuplot" --gnuplot "$WORK/no-such-gnuplot" "$samples" 2>"$WORK/err"
check "no gnuplot: exit 1" [ "$status" -eq 1 ]
check "no gnuplot: scripts kept" [ -s "$WORK/nognuplot/charts/timeline.gp" ]
check "no gnuplot: reports still written" [ -s "$WORK/nognuplot/index.html" ]
check "no gnuplot: says how to render" grep -qi "gnuplot" "$WORK/err"

# hostile names: a dictionary entry and digest titles made to break quoting
mkdir -p "$WORK/hostile/dict" "$WORK/hostile/in"
marker="$WORK/hostile/PWNED"
cat >"$WORK/hostile/dict/evil.dict" <<DICT
Evil\`touch $marker\` ; org ; ; Evil\`touch $marker\` | 恶意公司
Quote'Co" @x ; org ; ; 引号公司
DICT
for day in 06 13 20; do
  cat >"$WORK/hostile/in/2025-10-$day.md" <<MD
---
title: "\`touch $marker\` system(\"touch $marker\") ../../etc 2025-10-$day"
date: 2025-10-$day
---

1.  [**恶意公司 与 引号公司 合作，\`touch $marker\` ; system("touch $marker") @macro**](https://example.com/a)

    恶意公司 与 引号公司 宣布投资 10亿美元。<script>alert(1)</script> [x](javascript:alert(1))

2.  [**恶意公司 again with 引号公司**](https://example.com/b)

    恶意公司 与 引号公司 再次合作。
MD
done
tl run -q -d "$WORK/hostile/dict" -o "$WORK/hostile/out" --entity 恶意公司 "$WORK/hostile/in" 2>"$WORK/hostile/err"
check "hostile names: the run finishes (status $status)" [ "$status" -le 1 ]
check "hostile names: nothing executed" [ ! -e "$marker" ]
check "hostile names: nothing written outside the output folder" \
  [ "$(find "$WORK/hostile" -mindepth 1 -newer "$WORK/hostile/dict/evil.dict" -not -path "$WORK/hostile/out*" -not -path "$WORK/hostile/in*" -not -name err | wc -l)" -eq 0 ]
check "hostile names: the name is shown literally" grep -rqF 'touch' "$WORK/hostile/out/weekly"
check "hostile names: no raw script tag in HTML" bash -c "! grep -rq '<script>alert' '$WORK/hostile/out/weekly' '$WORK/hostile/out/index.html'"
check "hostile names: no javascript: link in HTML" bash -c "! grep -rqi 'href=\"javascript:' '$WORK/hostile/out/weekly'"
check "hostile names: chart file names are safe slugs" bash -c "! ls '$WORK/hostile/out/charts' | grep -q '[\\\`\"/ ]'"
finish
