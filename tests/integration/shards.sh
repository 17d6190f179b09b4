#!/usr/bin/env bash
# extract + aggregate = run: merged shards give tables byte-identical to
# one run over all their files. First, shards whose paths do not overlap:
# alternate sample files go to two folders, one shard each, so every path
# of the first shard sorts before every path of the second and the merge
# takes one shard after the other; the first file is also in the second
# shard under another name, a duplicate only once merged. The same shards
# again with --since/--top. Then shards whose paths interleave (alternate
# files of one folder), which the merge takes document by document.
. "$(dirname "$0")/common.bash"
samples="$SRC/tests/fixtures/samples"
mkdir -p "$WORK/in/a" "$WORK/in/b"
i=0
while IFS= read -r f; do
  # alternate files go to the two folders, keeping their names
  if [ $((i % 2)) -eq 0 ]; then cp "$f" "$WORK/in/a/"; else cp "$f" "$WORK/in/b/"; fi
  i=$((i + 1))
done < <(find "$samples" -maxdepth 1 -name '*.md' | sort)
# the same bytes under another name, in the other shard: a duplicate only globally
first=$(ls "$WORK/in/a" | head -1)
cp "$WORK/in/a/$first" "$WORK/in/b/zz-copy-of-$first"

tl run -q -o "$WORK/full" "$WORK/in/a" "$WORK/in/b"
check "run over all files (status $status)" [ "$status" -le 1 ]
check "the run saw the duplicate" grep -q "duplicate-of:" "$WORK/full/documents.csv"
tl extract -q -o "$WORK/shard1" "$WORK/in/a"
tl extract -q -o "$WORK/shard2" "$WORK/in/b"
check "extract writes only per-document tables" [ ! -e "$WORK/shard1/weekly.csv" ]
check "extract writes only per-document tables" [ -s "$WORK/shard1/mentions.csv" ]
check "in its own shard the copy is no duplicate" bash -c "! grep -q duplicate-of: '$WORK/shard2/documents.csv'"
tl aggregate -q -o "$WORK/merged" "$WORK/shard2" "$WORK/shard1"
check "aggregate finishes (status $status)" [ "$status" -le 1 ]
for t in documents items mentions amounts unknown_names entities daily weekly cooccurrence timeline_wide amounts_weekly candidates; do
  check "aggregate of shards gives the run's $t.csv" cmp -s "$WORK/full/$t.csv" "$WORK/merged/$t.csv"
done

# options apply to aggregate as to run
tl run -q -o "$WORK/full2" --since 2025-10-01 --top 5 "$WORK/in/a" "$WORK/in/b"
tl aggregate -q -o "$WORK/merged2" --since 2025-10-01 --top 5 "$WORK/shard1" "$WORK/shard2"
for t in documents mentions weekly timeline_wide; do
  check "aggregate --since/--top gives the run's $t.csv" cmp -s "$WORK/full2/$t.csv" "$WORK/merged2/$t.csv"
done

tl aggregate -q -o "$WORK/bad" "$WORK/does-not-exist" 2>"$WORK/err"
check "a missing shard is fatal (2)" [ "$status" -eq 2 ]
tl extract -q --excel -o "$WORK/x" "$WORK/in/a" 2>/dev/null
check "extract refuses --excel" [ "$status" -eq 2 ]
# shards whose paths interleave (alternate files of one folder) are merged
# document by document, and the same bytes under two names in two shards
# are still settled as a duplicate
mkdir -p "$WORK/one"
cp "$WORK"/in/a/*.md "$WORK"/in/b/*.md "$WORK/one/"
odd=(); even=(); i=0
for f in "$WORK"/one/*.md; do
  if [ $((i % 2)) -eq 0 ]; then odd+=("$f"); else even+=("$f"); fi
  i=$((i + 1))
done
tl run -q -o "$WORK/full3" "$WORK/one"
tl extract -q -o "$WORK/odd" "${odd[@]}"
tl extract -q -o "$WORK/even" "${even[@]}"
tl aggregate -q -o "$WORK/merged3" "$WORK/even" "$WORK/odd"
check "aggregate of interleaved shards finishes (status $status)" [ "$status" -le 1 ]
for t in documents items mentions amounts unknown_names entities weekly cooccurrence candidates; do
  check "aggregate of interleaved shards gives the run's $t.csv" cmp -s "$WORK/full3/$t.csv" "$WORK/merged3/$t.csv"
done

# damage SHARD COPY TABLE ROW: COPY is shard SHARD with the line ROW
# appended to TABLE; sets $line to the line the row is on.
damage() {
  cp -r "$WORK/$1" "$WORK/$2"
  line=$(($(wc -l <"$WORK/$2/$3") + 1))
  printf '%s\n' "$4" >>"$WORK/$2/$3"
}

# a malformed row after a shard's last document is still found (the
# tables are read to their end), reported as path:line, and nothing is written
damage odd broken mentions.csv '1,x"y,z'
tl aggregate -q -o "$WORK/bad2" "$WORK/broken" "$WORK/even" 2>"$WORK/err2"
check "a malformed shard is fatal (2, got $status)" [ "$status" -eq 2 ]
check "the malformed row is reported at its line" grep -q "broken/mentions.csv:$line: malformed CSV" "$WORK/err2"
check "nothing is written from a malformed shard" [ ! -e "$WORK/bad2/documents.csv" ]
check "nothing is written from a malformed shard" [ ! -e "$WORK/bad2/mentions.csv" ]

# a row with too few cells is reported once, at its line, and read as
# missing cells, as when the table was read whole
damage odd ragged amounts.csv '999'
tl aggregate -q -o "$WORK/merged4" "$WORK/ragged" "$WORK/even" 2>"$WORK/err3"
check "a ragged shard still merges (status $status)" [ "$status" -le 1 ]
check "the ragged row is reported once at its line" [ "$(grep -c "ragged/amounts.csv:$line: 1 row with a number of cells" "$WORK/err3")" -eq 1 ]
check "the ragged shard gives the same amounts" cmp -s "$WORK/merged3/amounts.csv" "$WORK/merged4/amounts.csv"

# a shard whose documents.csv is broken is reported before anything is written
damage even baddocs documents.csv '77,"never closed'
tl aggregate -q -o "$WORK/bad3" "$WORK/odd" "$WORK/baddocs" 2>"$WORK/err4"
check "a broken documents.csv is fatal (2, got $status)" [ "$status" -eq 2 ]
check "the broken documents.csv is reported at its line" grep -q "baddocs/documents.csv:$line:" "$WORK/err4"
check "nothing is written from a broken documents.csv" [ ! -e "$WORK/bad3/documents.csv" ]

finish
