#!/usr/bin/env bash
# The bundled sample page end to end, checked with independent readers:
# ffprobe (chapters, duration), mutagen (ID3v2.3, CTOC, CHAP), ffmpeg and mpg123 (clean decode).
source "$(dirname "$0")/lib.sh"
need ffprobe; need ffmpeg; need mpg123
[ -x "$PY" ] || skip "$PY is missing"
page="$TB_SOURCE_DIR/tests/pages/sample.txt"

expect_exit 0 render --no-cache -o "$WORK/a" --date 2024-03-08 --title "工人周报" "$page"
ls "$WORK/a"/*.mp3 >/dev/null || fail "no MP3 written"
[ "$(ls "$WORK/a" | wc -l)" -eq 2 ] || fail "expected one MP3 and one manifest: $(ls "$WORK/a")"
assert_no_temp_files "$WORK/a"
mp3="$WORK/a/sample.mp3"
json="$WORK/a/sample.json"
[ -s "$mp3" ] && [ -s "$json" ] || fail "sample.mp3 / sample.json missing"

"$PY" "$E2E/check_episode.py" "$json" "$mp3"
"$PY" "$E2E/id3_check.py" "$mp3" --expect-json "$json" --ffprobe
mpg123 -q -t "$mp3" 2>"$WORK/mpg123.err" || fail "mpg123 -t failed: $(cat "$WORK/mpg123.err")"
[ ! -s "$WORK/mpg123.err" ] || fail "mpg123 complained: $(cat "$WORK/mpg123.err")"

# The tag carries the edition's date and the text frames promised.
"$PY" - "$mp3" <<'PYEOF'
import sys
from mutagen.id3 import ID3
t = ID3(sys.argv[1], translate=False)  # keep v2.3 frames (TYER, TDAT) as written
assert t.version[:2] == (2, 3), t.version
for fid in ("TIT2", "TALB", "TPE1", "TYER", "TDAT", "TLAN", "TSSE"):
    assert fid in t, "missing " + fid
assert str(t["TYER"]) == "2024" and str(t["TDAT"]) == "0803", (t["TYER"], t["TDAT"])
assert str(t["TALB"]) == "工人周报", str(t["TALB"])
print("tags ok")
PYEOF

# The MP3 stream: mono, 22050 Hz, 64 kbps CBR, with LAME's info frame.
info=$(ffprobe -v error -select_streams a:0 -show_entries stream=channels,sample_rate,bit_rate -of csv=p=0 "$mp3")
[ "$info" = "22050,1,64000" ] || fail "stream is $info, expected 22050 Hz mono 64 kbps"
head -c 4096 "$mp3" | grep -q -a -E "Info|Xing" || fail "no LAME/Xing info frame"

# Same input and options: byte-identical outputs, whatever the number of threads, and
# whether the articles were rendered now or come from the cache.
expect_exit 0 render -j 1 -o "$WORK/b" --date 2024-03-08 --title "工人周报" "$page"
cmp "$WORK/a/sample.mp3" "$WORK/b/sample.mp3" || fail "MP3 differs between two runs"
cmp "$WORK/a/sample.json" "$WORK/b/sample.json" || fail "manifest differs between two runs"
expect_exit 0 render -j 3 -o "$WORK/c" --date 2024-03-08 --title "工人周报" "$page"
grep -E -q " ([0-9]+) of \1 pieces? from the cache" "$WORK/stderr" || fail "the second run did not use the cache: $(cat "$WORK/stderr")"
cmp "$WORK/a/sample.mp3" "$WORK/c/sample.mp3" || fail "MP3 from the cache differs"
cmp "$WORK/a/sample.json" "$WORK/c/sample.json" || fail "manifest from the cache differs"

# plan prints the same structure, without times.
expect_exit 0 plan --date 2024-03-08 --title "工人周报" "$page"
"$PY" - "$WORK/stdout" "$json" <<'PYEOF'
import json, sys
plan = json.load(open(sys.argv[1]))["episodes"][0]
done = json.load(open(sys.argv[2]))["episodes"][0]
assert plan["duration_ms"] is None and plan["file"] is None
assert [a["title"] for a in plan["articles"]] == [a["title"] for a in done["articles"]]
def texts(ep):
    return [s["spoken"] for a in ep["articles"] for p in a["paragraphs"] for s in p["sentences"]]
assert texts(plan) == texts(done)
assert all(s["start_ms"] is None for a in plan["articles"] for p in a["paragraphs"] for s in p["sentences"])
print("plan ok: %d articles" % len(plan["articles"]))
PYEOF

# WAV for editors: same timeline, chapters in the manifest.
expect_exit 0 render -o "$WORK/w" --format wav --date 2024-03-08 --title "工人周报" "$page"
"$PY" "$E2E/check_episode.py" "$WORK/w/sample.json" "$WORK/w/sample.wav"
narticles=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["episodes"][0]["articles"]))' "$WORK/w/sample.json")
[ "$(grep -c "TRACK" "$WORK/w/sample.cue")" -eq "$narticles" ] \
    || fail "the cue sheet should have one track per article"
echo "ok"
