#!/usr/bin/env bash
# Scale-out: `plan --jobs` prints one render command per section; running them with GNU
# parallel (here two at a time, into one directory) gives the same files, byte for byte,
# as one run over all the pages.
source "$(dirname "$0")/lib.sh"
need parallel
pages=("$TB_SOURCE_DIR/tests/pages/sample.txt" "$TB_SOURCE_DIR/tests/pages/sections.txt"
       "$TB_SOURCE_DIR/tests/pages/photo.txt")

expect_exit 0 render --no-cache -o "$WORK/single" --title "工人周报" --date 2024-03-08 "${pages[@]}"
expect_exit 0 plan --jobs --no-cache -o "$WORK/sharded" --title "工人周报" --date 2024-03-08 "${pages[@]}"
cp "$WORK/stdout" "$WORK/jobs.txt"
n=$(wc -l <"$WORK/jobs.txt")
[ "$n" -ge 4 ] || fail "expected a job per section, got $n: $(cat "$WORK/jobs.txt")"
grep -q -- "--shard 1/$n" "$WORK/jobs.txt" || fail "jobs do not carry --shard K/N"
parallel -j 2 --halt now,fail=1 <"$WORK/jobs.txt" 2>"$WORK/parallel.err" \
    || fail "a shard failed: $(cat "$WORK/parallel.err")"
(cd "$WORK/single" && find . -type f | sort) >"$WORK/single.list"
(cd "$WORK/sharded" && find . -type f | sort) >"$WORK/sharded.list"
cmp "$WORK/single.list" "$WORK/sharded.list" || fail "different files: $(diff "$WORK/single.list" "$WORK/sharded.list")"
while read -r f; do
    cmp "$WORK/single/$f" "$WORK/sharded/$f" || fail "$f differs between the single and the sharded run"
done <"$WORK/single.list"
echo "ok: $n shards, $(wc -l <"$WORK/single.list") files identical"
