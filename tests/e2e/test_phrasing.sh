#!/usr/bin/env bash
# Prosodic phrase breaks in a render (docs/prosody.md), checked on the decoded audio: the
# page with long clauses is rendered with the default profile and with pause_phrase_ms = 0.
# - both episodes pass check_episode.py (chapter and sentence times agree with the sound);
# - the manifest's pinyin marks breaks with `|` only when phrases are on;
# - a sentence without breaks lasts as long in both (within 80 ms: eSpeak NG's output
#   varies a little with what it said before);
# - a sentence with k breaks is longer by at least k × 70 ms, and ffmpeg's decode of it
#   holds at least k more silences of 120 ms or longer than without phrases.
source "$(dirname "$0")/lib.sh"
need ffmpeg; need ffprobe
[ -x "$PY" ] || skip "$PY is missing"
page="$TB_SOURCE_DIR/tests/pages/phrasing.txt"

printf 'pause_phrase_ms = 0\n' >"$WORK/flat.conf"
expect_exit 0 render -o "$WORK/on" "$page"
expect_exit 0 render --profile "$WORK/flat.conf" -o "$WORK/off" "$page"
"$PY" "$E2E/check_episode.py" "$WORK/on/phrasing.json"
"$PY" "$E2E/check_episode.py" "$WORK/off/phrasing.json"

for d in on off; do
    ffmpeg -v error -nostdin -i "$WORK/$d/phrasing.mp3" -ac 1 -ar 8000 -f s16le "$WORK/$d.pcm" ||
        fail "ffmpeg could not decode $d/phrasing.mp3"
done

"$PY" - "$WORK" <<'PYEOF'
import array, json, sys
sys.path.insert(0, sys.argv[1])
work = sys.argv[1]
RATE = 8000

def load(d):
    ep = json.load(open(f"{work}/{d}/phrasing.json"))["episodes"][0]
    pcm = array.array("h")
    pcm.frombytes(open(f"{work}/{d}.pcm", "rb").read())
    sents = []
    for a in ep["articles"]:
        sents += a["heading"]
        for p in a["paragraphs"]:
            sents += p["sentences"]
    return sents, pcm

def silences(pcm, start_ms, end_ms, min_ms=120, frame_ms=10):
    """Runs of 10 ms frames quieter than -50 dBFS RMS, at least min_ms long, inside the span."""
    a, b = start_ms * RATE // 1000, end_ms * RATE // 1000
    n = RATE * frame_ms // 1000
    runs = quiet = 0
    for i in range(a, b - n, n):
        f = pcm[i:i + n]
        rms = (sum(x * x for x in f) / n) ** 0.5
        if rms < 32768 * 10 ** (-50 / 20):
            quiet += 1
        else:
            runs += quiet * frame_ms >= min_ms
            quiet = 0
    return runs + (quiet * frame_ms >= min_ms)

on, pcm_on = load("on")
off, pcm_off = load("off")
assert len(on) == len(off), "the two renders read different sentences"
breaks = phrased = 0
for s, t in zip(on, off):
    k = (s["pinyin"] or "").split().count("|")
    assert "|" not in (t["pinyin"] or "").split(), "a break with pause_phrase_ms = 0: %r" % t["text"]
    d_on, d_off = s["end_ms"] - s["start_ms"], t["end_ms"] - t["start_ms"]
    if k == 0:
        assert abs(d_on - d_off) <= 80, "%r: %d ms with phrases, %d ms without, and no break" % (
            s["text"][:30], d_on, d_off)
        continue
    phrased += 1
    breaks += k
    assert d_on - d_off >= 70 * k, "%r: %d breaks but only %d ms longer" % (
        s["text"][:30], k, d_on - d_off)
    q_on = silences(pcm_on, s["start_ms"], s["end_ms"])
    q_off = silences(pcm_off, t["start_ms"], t["end_ms"])
    assert q_on >= q_off + k, "%r: %d breaks, %d silences with phrases, %d without" % (
        s["text"][:30], k, q_on, q_off)
assert phrased >= 10, "only %d sentences have phrase breaks" % phrased
print("phrasing ok: %d breaks in %d of %d sentences, each heard as a pause" % (breaks, phrased, len(on)))
PYEOF
echo "ok"
