#!/usr/bin/env bash
# extract + aggregate = run: shards made from interleaved halves of the
# inputs (and a file present in both, and the same bytes under two names in
# two shards) merge into tables byte-identical to one run over all files.
. "$(dirname "$0")/common.bash"
samples="$SRC/tests/fixtures/samples"
mkdir -p "$WORK/in/a" "$WORK/in/b"
i=0
while IFS= read -r f; do
  # interleave: alternate files go to the two shards, keeping their names
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
check "extract writes only per-document tables" [ ! -e "$WORK/shard1/weekly.csv" ] && [ -s "$WORK/shard1/mentions.csv" ]
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
finish
