#!/usr/bin/env bash
# The cache of rendered articles: an edition where one article changed re-synthesizes that
# article only, and the result is byte-identical to rendering the changed page from scratch.
# Runs sharing one cache at the same time never see a torn entry; a damaged entry, or one
# filed under another piece's key, is ignored; a cache that cannot be made is a warning.
source "$(dirname "$0")/lib.sh"
need ffmpeg
[ -x "$PY" ] || skip "$PY is missing"
page="$TB_SOURCE_DIR/tests/pages/sample.txt"
cache="$WORK/shared-cache"

# "K of N pieces from the cache" on stderr
cached() { sed -n 's/.* \([0-9]*\) of \([0-9]*\) pieces* from the cache.*/\1 \2/p' "$WORK/stderr"; }

expect_exit 0 render --cache "$cache" -o "$WORK/first" "$page"
read -r hits total < <(cached)
[ "$hits" = 0 ] && [ "$total" -ge 7 ] || fail "expected a cold cache: $(cat "$WORK/stderr")"

# Change one sentence of the third article (our own page: the words are ours).
"$PY" - "$page" "$WORK/changed.txt" <<'PYEOF'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
paras = text.split("\n\n")
titles = [i for i, p in enumerate(paras) if p.strip() and len(p.strip()) < 30 and not p.strip().endswith("。")]
target = None
for i in range(titles[2] + 1, len(paras)):
    if paras[i].strip().endswith("。") and len(paras[i]) > 40:
        target = i
        break
assert target is not None
paras[target] = paras[target].rstrip("。\n") + "，今年还将再开两条线路。\n"
open(sys.argv[2], "w", encoding="utf-8").write("\n\n".join(paras))
PYEOF
cmp -s "$page" "$WORK/changed.txt" && fail "the page was not changed"
# Same file name, so the episode id is the same.
mkdir -p "$WORK/v2" && cp "$WORK/changed.txt" "$WORK/v2/sample.txt"
expect_exit 0 render --cache "$cache" -o "$WORK/second" "$WORK/v2/sample.txt"
read -r hits total2 < <(cached)
# The changed paragraph's piece, and at most the next one if the cut between them moved.
[ "$total2" -ge "$total" ] && [ "$hits" -ge $((total2 - 2)) ] && [ "$hits" -lt "$total2" ] \
    || fail "expected one or two pieces re-rendered: $(cat "$WORK/stderr")"
expect_exit 0 render --no-cache -o "$WORK/fresh" "$WORK/v2/sample.txt"
cmp "$WORK/second/sample.mp3" "$WORK/fresh/sample.mp3" || fail "cached render differs from a fresh one"
cmp "$WORK/second/sample.json" "$WORK/fresh/sample.json" || fail "cached manifest differs from a fresh one"
"$PY" "$E2E/check_episode.py" "$WORK/second/sample.json"

# Two runs at once, one new cache: both complete and agree.
"$TINGBAO" render --cache "$WORK/c2" -o "$WORK/p1" "$page" 2>/dev/null &
a=$!
"$TINGBAO" render --cache "$WORK/c2" -o "$WORK/p2" "$page" 2>/dev/null &
b=$!
wait "$a" || fail "concurrent run 1 failed"
wait "$b" || fail "concurrent run 2 failed"
cmp "$WORK/p1/sample.mp3" "$WORK/first/sample.mp3" && cmp "$WORK/p2/sample.mp3" "$WORK/first/sample.mp3" \
    || fail "concurrent runs differ"
[ -z "$(find "$WORK/c2" -name '.*.tmp.*')" ] || fail "temporaries left in the cache"

# A damaged entry is not used: the piece is rendered again and the output is still right.
victim=$(find "$cache" -name '*.piece' | sort | head -n 1)
printf 'garbage' | dd of="$victim" bs=1 seek=100 conv=notrunc 2>/dev/null
expect_exit 0 render --cache "$cache" -o "$WORK/third" "$page"
cmp "$WORK/third/sample.mp3" "$WORK/first/sample.mp3" || fail "a damaged entry changed the output"

# An entry filed under another piece's key (copied, renamed, or a shared cache gone
# wrong) is not that piece's audio: every entry is moved to the next one's name, and the
# render must still equal a fresh one, audio and chapter times alike (and store right
# entries back, so a second run from that cache is right too).
misfiled="$WORK/misfiled"
expect_exit 0 render --cache "$misfiled" -o "$WORK/m0" "$page"
mapfile -t entries < <(find "$misfiled" -name '*.piece' | sort)
[ "${#entries[@]}" -ge 3 ] || fail "too few entries to shuffle"
tmpdir="$WORK/shuffle" && mkdir -p "$tmpdir"
for i in "${!entries[@]}"; do cp "${entries[$i]}" "$tmpdir/$i"; done
for i in "${!entries[@]}"; do cp "$tmpdir/$(((i + 1) % ${#entries[@]}))" "${entries[$i]}"; done
for run in 1 2; do
    expect_exit 0 render --cache "$misfiled" -o "$WORK/m$run" "$page"
    cmp -s "$WORK/m$run/sample.mp3" "$WORK/first/sample.mp3" || fail "run $run: misfiled cache entries changed the audio"
    cmp -s "$WORK/m$run/sample.json" "$WORK/first/sample.json" || fail "run $run: misfiled cache entries changed the manifest"
done

# A cache that cannot be made (a service user's HOME=/nonexistent; here a file in the way,
# which root cannot get past either) is a warning; the render goes on without it.
: >"$WORK/not-a-dir"
code=0
env -u XDG_CACHE_HOME HOME="$WORK/not-a-dir" "$TINGBAO" render -o "$WORK/nohome" "$page" >/dev/null 2>"$WORK/stderr" || code=$?
[ "$code" -eq 0 ] || { cat "$WORK/stderr" >&2; fail "render with HOME=/nonexistent exited $code"; }
grep -q "^tingbao: warning: .*rendering without the cache$" "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "no warning about the cache"; }
cmp -s "$WORK/nohome/sample.mp3" "$WORK/first/sample.mp3" || fail "the uncached render differs"

expect_exit 0 cache --cache "$cache" --stats
grep -q "entries" "$WORK/stdout" || fail "cache --stats printed nothing useful"
expect_exit 0 cache --cache "$cache" --prune --max-size 0
expect_exit 0 cache --cache "$cache" --stats
grep -q ": 0 entries" "$WORK/stdout" || fail "prune left entries: $(cat "$WORK/stdout")"
echo ok
