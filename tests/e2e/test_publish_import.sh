#!/usr/bin/env bash
# `publish` reads whatever manifests sit in a directory or are handed to it (issue 15): an
# import never replaces a different episode unless --replace says so; a manifest can name
# no file but its own audio and no id render would not make; times past the limit, FIFOs,
# half-copied manifests and killed publishes' temporaries neither crash, hang nor shrink
# the feed silently; --shard with --publish is refused; nothing is left but the promised
# files (the settings live in the feed).
source "$(dirname "$0")/lib.sh"
[ -x "$PY" ] || skip "$PY is missing"
tiny="$TB_SOURCE_DIR/tests/fault/tiny.txt"
export XDG_CACHE_HOME="$WORK/cache"

# Two editions of one page name (01.txt), rendered on two days into two directories.
mkdir -p "$WORK/day1" "$WORK/day2"
cp "$tiny" "$WORK/day1/01.txt"
sed 's/明天有雨/后天有雪/' "$tiny" >"$WORK/day2/01.txt"
expect_exit 0 render -o "$WORK/r1" --date 2024-03-08 "$WORK/day1/01.txt"
expect_exit 0 render -o "$WORK/r2" --date 2024-03-09 "$WORK/day2/01.txt"
site="$WORK/site"
expect_exit 0 publish -o "$site" --base-url https://example.org/p "$WORK/r1/01.json"
cp "$site/01.mp3" "$WORK/day1.mp3"

# 1. The second day's 01.json would replace the first day's episode: refused, naming both.
expect_exit 1 publish -o "$site" "$WORK/r2/01.json"
grep -q "r2/01.json would replace .*site/01.json, a different episode ('01' of 2024-03-08); pass --replace" "$WORK/stderr" ||
    { cat "$WORK/stderr" >&2; fail "the clash was not refused with both names"; }
cmp -s "$site/01.mp3" "$WORK/day1.mp3" || fail "the refused import replaced the audio"
grep -q '2024-03-08' "$site/01.json" || fail "the refused import replaced the manifest"
# ... and taken with --replace.
expect_exit 0 publish -o "$site" --replace "$WORK/r2/01.json"
cmp -s "$site/01.mp3" "$WORK/r2/01.mp3" || fail "--replace did not replace the audio"
# The same episode again is no clash (a re-render of the same day).
expect_exit 0 publish -o "$site" "$WORK/r2/01.json"

# 2. A manifest whose 'file' names another episode's audio, and ids that are no file
# names render makes, are refused; nothing is copied.
cp "$site/01.mp3" "$WORK/before.mp3"
mkdir -p "$WORK/evil"
cp "$WORK/r2/01.mp3" "$WORK/evil/01.mp3"
"$PY" - "$WORK/r2/01.json" "$WORK/evil" <<'PYEOF'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
def variant(name, **kw):
    v = json.loads(json.dumps(m))
    v["episodes"][0].update(kw)
    json.dump(v, open(sys.argv[2] + "/" + name, "w", encoding="utf-8"), ensure_ascii=False)
variant("steal.json", id="steal", file="01.mp3")
variant("quote.json", id='x"<b>', file='x"<b>.mp3')
variant("newline.json", id="a\nb", file="a\nb.mp3")
variant("feed.json", id="feed", file="feed.xml")
variant("huge.json", id="huge", file="huge.mp3", duration_ms=9223372036854775807)
PYEOF
for m in steal quote newline feed; do
    expect_exit 1 publish -o "$site" "$WORK/evil/$m.json"
    grep -q "no usable" "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "$m.json: not refused as unusable"; }
done
cmp -s "$site/01.mp3" "$WORK/before.mp3" || fail "a crafted manifest replaced another episode's audio"
[ -z "$(ls "$site" | grep -v -E '^(01\.(mp3|json|chapters\.json|vtt|srt|lrc)|feed\.xml|index\.html|cover\.png)$')" ] ||
    fail "a crafted manifest left files: $(ls "$site")"
# A time near INT64_MAX is refused before any arithmetic on it (UBSan would see overflows).
cp "$WORK/r2/01.mp3" "$WORK/evil/huge.mp3"
expect_exit 1 publish -o "$site" "$WORK/evil/huge.json"
grep -q "past the 10^12 ms limit" "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "a huge duration was not refused"; }

# 3. A FIFO named like a manifest in DIR is skipped with a warning, never waited for.
mkfifo "$site/fifo.json"
code=0
timeout 20 "$TINGBAO" publish -o "$site" >"$WORK/stdout" 2>"$WORK/stderr" || code=$?
[ "$code" -ne 124 ] || fail "publish hangs on a FIFO named fifo.json"
[ "$code" -eq 0 ] || { cat "$WORK/stderr" >&2; fail "publish with a FIFO in DIR exited $code"; }
grep -q "fifo.json: not a regular file; skipped" "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "no warning for the FIFO"; }
rm "$site/fifo.json"

# 4. A half-copied manifest: a warning, exit 1, and the feed keeps the episode; with
# --skip-bad it is published without it.
cp "$site/feed.xml" "$WORK/feed.before"
mkdir -p "$WORK/r3"
expect_exit 0 render -o "$WORK/r3" --date 2024-03-10 "$tiny"
expect_exit 0 publish -o "$site" "$WORK/r3/tiny.json"
cp "$site/feed.xml" "$WORK/feed.before"
head -c 300 "$WORK/r3/tiny.json" >"$site/tiny.json"
expect_exit 1 publish -o "$site"
grep -q "^tingbao: warning: .*site/tiny.json:" "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "no warning naming the bad manifest"; }
grep -q "could not be read" "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "no error for the bad manifest"; }
cmp -s "$site/feed.xml" "$WORK/feed.before" || fail "a failed publish changed the feed"
expect_exit 0 publish -o "$site" --skip-bad
grep -q "/tiny/" "$site/feed.xml" && fail "--skip-bad still lists the bad manifest's episode"
grep -q "/01/2024-03-09" "$site/feed.xml" || fail "--skip-bad lost the good episode"
cp "$WORK/r3/tiny.json" "$site/tiny.json"

# 5. Temporaries of a killed publish go; the settings of earlier versions are read from
# .tingbao-publish.json once, kept in the feed, and the file removed.
true &
dead=$!
wait "$dead"
: >"$site/.index.html.tmp.$dead"
printf '{"format":"tingbao-publish","version":1,"title":"旧设置","base_url":"https://old.example.org/x","keep":0}' \
    >"$site/.tingbao-publish.json"
sed -i 's/<!-- tingbao-publish .* -->//' "$site/feed.xml"
expect_exit 0 publish -o "$site"
[ ! -e "$site/.index.html.tmp.$dead" ] || fail "a killed publish's temporary was left"
[ ! -e "$site/.tingbao-publish.json" ] || fail "the old settings file was left"
grep -q '<title>旧设置</title>' "$site/feed.xml" && grep -q 'https://old.example.org/x/01' "$site/feed.xml" ||
    fail "the old settings were not taken over"
expect_exit 0 publish -o "$site"
grep -q '<title>旧设置</title>' "$site/feed.xml" || fail "the settings did not come back from the feed"
hidden=$(cd "$site" && ls -A | grep '^\.' || true)
[ -z "$hidden" ] || fail "left in the site: $hidden"

# 6. Shards must not race on the feed: --publish with --shard is a usage error.
expect_exit 2 render -o "$WORK/sh" --date 2024-03-08 --shard 1/2 --publish "$tiny"
grep -q "publish" "$WORK/stderr" || fail "no reason given for --shard with --publish"
[ ! -e "$WORK/sh" ] || fail "a refused shard created its directory"
echo "ok: imports and manifests from anywhere"
