#!/usr/bin/env bash
# The three listening profiles on the sample page, checked with an independent meter:
# ffmpeg's ebur128 filter (dual-mono, true peak) on the decoded MP3 must read the profile's
# loudness target within ±1 LU and a true peak at or below its ceiling. The station profile's
# numbered layout, playlist and small tags; a broken profile file's error.
source "$(dirname "$0")/lib.sh"
need ffmpeg; need ffprobe
[ -x "$PY" ] || skip "$PY is missing"
page="$TB_SOURCE_DIR/tests/pages/sample.txt"

# Prints "I LRA TP" as ffmpeg measures a file (decoded, mono played as dual-mono).
measure() {
    ffmpeg -nostats -hide_banner -nostdin -i "$1" -af ebur128=peak=true:dualmono=true -f null - 2>&1 |
        awk '/Summary:/ {s=1} s && /I:/ {i=$2} s && /LRA:/ {l=$2} s && /Peak:/ {p=$2} END {print i, l, p}'
}

check_level() { # file target_lufs ceiling_dbtp max_lra
    read -r i lra tp < <(measure "$1")
    "$PY" - "$1" "$i" "$lra" "$tp" "$2" "$3" "$4" <<'PYEOF'
import sys
f, i, lra, tp, target, ceiling, max_lra = sys.argv[1], *map(float, sys.argv[2:])
problems = []
if abs(i - target) > 1.0:
    problems.append("integrated %.1f LUFS, target %.1f" % (i, target))
if tp > ceiling:
    problems.append("true peak %.1f dBTP above the %.1f ceiling" % (tp, ceiling))
if max_lra > 0 and lra > max_lra:
    problems.append("loudness range %.1f LU above %.1f" % (lra, max_lra))
if problems:
    print("FAIL %s: %s" % (f, "; ".join(problems)))
    sys.exit(1)
print("level ok %s: I %.1f LUFS, LRA %.1f LU, TP %.1f dBTP" % (f.rsplit("/", 1)[-1], i, lra, tp))
PYEOF
}

# commute: one episode with chapters, -16 LUFS, -1.5 dBTP
expect_exit 0 render --profile commute -o "$WORK/commute" "$page"
check_level "$WORK/commute/sample.mp3" -16 -1.5 0
"$PY" "$E2E/check_episode.py" "$WORK/commute/sample.json"
grep -q '"integrated_lufs"' "$WORK/commute/sample.json" || fail "no loudness in the manifest"
grep -q "LUFS" "$WORK/stderr" || fail "no loudness line on stderr"

# rider: -14 LUFS, -1 dBTP, loudness range at most 5 LU, chime and article numbers
expect_exit 0 render --profile rider -o "$WORK/rider" "$page"
check_level "$WORK/rider/sample.mp3" -14 -1.0 5
"$PY" "$E2E/check_episode.py" "$WORK/rider/sample.json"
"$PY" - "$WORK/rider/sample.json" <<'PYEOF'
import json, sys
ep = json.load(open(sys.argv[1]))["episodes"][0]
numbers = [a["announce"][0]["spoken"] for a in ep["articles"]]
assert numbers[:3] == ["第一条", "第二条", "第三条"], numbers[:3]
print("rider ok: articles announced", numbers[:3])
PYEOF

# station: numbered files, 44100 Hz 128 kbps MPEG-1, small tags, playlist, README
expect_exit 0 render --profile station -o "$WORK/station" "$page"
st="$WORK/station"
[ -f "$st/README.txt" ] && [ -f "$st/01.m3u8" ] && [ -f "$st/01/001.mp3" ] && [ -f "$st/01/002.mp3" ] \
    || fail "station layout incomplete: $(cd "$st" && find . | sort | tr '\n' ' ')"
n_articles=$("$PY" -c 'import json,sys; print(len(json.load(open(sys.argv[1]))["episodes"][0]["articles"]))' "$st/sample.json")
[ "$(ls "$st/01" | wc -l)" -eq $((n_articles + 1)) ] || fail "expected $((n_articles + 1)) files in 01/"
[ "$(grep -c '^01/' "$st/01.m3u8")" -eq $((n_articles + 1)) ] || fail "playlist does not list every file"
for f in "$st"/01/*.mp3; do
    info=$(ffprobe -v error -select_streams a:0 -show_entries stream=sample_rate,channels,bit_rate -of csv=p=0 "$f")
    [ "$info" = "44100,1,128000" ] || fail "$f is $info, expected 44100 Hz mono 128 kbps"
    ffmpeg -v error -nostdin -i "$f" -f null - 2>"$WORK/dec.err" && [ ! -s "$WORK/dec.err" ] || fail "$f does not decode cleanly"
done
"$PY" - "$st/01" <<'PYEOF'
import glob, sys
from mutagen.id3 import ID3
for f in sorted(glob.glob(sys.argv[1] + "/*.mp3")):
    raw = open(f, "rb").read(10)
    size = (raw[6] << 21) | (raw[7] << 14) | (raw[8] << 7) | raw[9]
    assert raw[:4] == b"ID3\x03", f
    assert size + 10 < 4096, "%s: tag of %d bytes" % (f, size + 10)
    t = ID3(f, translate=False)
    assert not t.getall("APIC") and not t.getall("CHAP"), f
    assert "TIT2" in t, f
print("station tags ok")
PYEOF
cat "$st"/01/*.mp3 >"$WORK/station-all.mp3"
check_level "$WORK/station-all.mp3" -16 -1.0 4

# A broken profile names the file, the line and the key.
printf 'voice = cmn-latn-pinyin\nloudness_lufs = -16\nloudnes_range = 3\n' >"$WORK/bad.conf"
expect_exit 2 render --profile "$WORK/bad.conf" -o "$WORK/bad" "$page"
grep -q "bad.conf:3" "$WORK/stderr" && grep -q "loudnes_range" "$WORK/stderr" \
    || fail "unclear profile error: $(cat "$WORK/stderr")"
printf 'loudness_lufs = -3\n' >"$WORK/range.conf"
expect_exit 2 render --profile "$WORK/range.conf" -o "$WORK/bad" "$page"
grep -q "range.conf:1" "$WORK/stderr" && grep -q "loudness_lufs" "$WORK/stderr" \
    || fail "unclear range error: $(cat "$WORK/stderr")"
expect_exit 2 render --profile no-such-profile -o "$WORK/bad" "$page"
[ ! -e "$WORK/bad" ] || fail "a failed profile left output behind"
echo "ok"
