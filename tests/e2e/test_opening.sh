#!/usr/bin/env bash
# The opening (issue 16): the publication, the date read as a Chinese date, the section's
# own name when the page has one, then 本期要目 and the headlines in order; --no-contents;
# the lead headline never read twice in a row; pause_section_ms between the opening and
# the first article (measured in the manifest, and in the audio with ffmpeg's
# silencedetect), in the episode and the station layouts.
source "$(dirname "$0")/lib.sh"
[ -x "$PY" ] || skip "$PY is missing"
need ffmpeg
pages="$TB_SOURCE_DIR/tests/pages"

# Checks the opening of every episode of the plan or manifest in $1: publication $2, date
# text $3 ("" for none), then (when $4 = contents and there are 2+ articles) the contents.
check_opening() {
    "$PY" - "$@" <<'PYEOF'
import json, sys
path, paper, date, mode = sys.argv[1:5]
for e in json.load(open(path))["episodes"]:
    op = [s["text"] for s in e["opening"]]
    spoken = [s["spoken"] for s in e["opening"]]
    heads = [a["title"] for a in e["articles"] if a["title"]]
    want = ([paper] if paper else []) + ([date] if date else [])
    if e.get("section"):
        want.append(e["section"])
    if mode == "contents" and len(e["articles"]) >= 2:
        want += ["本期要目"] + heads
    assert op == want, "opening %r, expected %r" % (op, want)
    if date:
        assert spoken[op.index(date)] == "二零二四年三月八日", spoken
    # the lead headline is not read twice in a row: not the opening's last sentence
    lead = e["articles"][0]["title"]
    assert not op or op[-1] != lead or (len(heads) > 1 and heads[-1] == lead), \
        "the opening ends with the lead headline %r, which the first article reads next" % lead
    if len(e["articles"]) == 1:
        assert lead not in op, "a one-article opening says the lead headline: %r" % op
    print("opening ok (%s): %s" % (e["id"], " / ".join(op[:5]) + (" ..." if len(op) > 5 else "")))
PYEOF
}

# 1. plan --title 工人日报 --date 2024-03-08: title, date, contents, in that order.
expect_exit 0 plan --title 工人日报 --date 2024-03-08 "$pages/sample.txt"
cp "$WORK/stdout" "$WORK/plan.json"
check_opening "$WORK/plan.json" 工人日报 2024年3月8日 contents || fail "the opening of the sample page"
"$PY" - "$WORK/plan.json" <<'PYEOF' || fail "title, date, contents are not in that order"
import json, sys
op = [s["text"] for s in json.load(open(sys.argv[1]))["episodes"][0]["opening"]]
assert op[:3] == ["工人日报", "2024年3月8日", "本期要目"], op
PYEOF
if [ -f "$REAL_PAGE" ]; then
    expect_exit 0 plan --title 工人日报 --date 2024-03-08 "$REAL_PAGE"
    cp "$WORK/stdout" "$WORK/real.json"
    check_opening "$WORK/real.json" 工人日报 2024年3月8日 contents || fail "the opening of the real page"
else
    echo "note: $REAL_PAGE is absent; the real page's opening is not checked" >&2
fi
# A page with its own section name (a running header 要 闻), a page of one article, and
# --no-contents.
expect_exit 0 plan --title 工人日报 --date 2024-03-08 "$pages/party_front.txt" "$pages/kicker.txt"
cp "$WORK/stdout" "$WORK/two.json"
check_opening "$WORK/two.json" 工人日报 2024年3月8日 contents || fail "section name / one article"
grep -q '"section": "要闻"' "$WORK/two.json" || fail "the section's name is not in the manifest"
expect_exit 0 plan --no-contents --title 工人日报 --date 2024-03-08 "$pages/sample.txt"
cp "$WORK/stdout" "$WORK/nc.json"
check_opening "$WORK/nc.json" 工人日报 2024年3月8日 none || fail "--no-contents"
expect_exit 0 plan "$pages/kicker.txt"
cp "$WORK/stdout" "$WORK/bare.json"
check_opening "$WORK/bare.json" "" "" contents || fail "no title, no date, one article: an empty opening"

# 2. pause_section_ms: the gap between the opening's last sentence and the first article's
# heading, in the manifest (section pause + at most a few MP3 frames where pieces join) and
# as silence in the audio.
gap_check() { # manifest mp3 pause_ms
    "$PY" - "$@" <<'PYEOF'
import json, re, subprocess, sys
manifest, mp3, pause = sys.argv[1], sys.argv[2], int(sys.argv[3])
e = json.load(open(manifest))["episodes"][0]
end = e["opening"][-1]["end_ms"]
start = e["articles"][0]["heading"][0]["start_ms"]
gap = start - end
assert pause <= gap <= pause + 150, "gap %d ms for pause_section_ms %d" % (gap, pause)
out = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-i", mp3, "-t", "%.3f" % (start / 1000 + 2),
                      "-af", "silencedetect=n=-45dB:d=0.3", "-f", "null", "-"],
                     capture_output=True, text=True).stderr
spans = [(float(a), float(b)) for a, b in re.findall(r"silence_start: ([0-9.]+).*?silence_end: ([0-9.]+)", out, re.S)]
around = [b - a for a, b in spans if a <= end / 1000 + 0.3 and b >= start / 1000 - 0.3]
assert around and max(around) >= pause / 1000, "silence around the gap: %r" % around
print("section pause ok: %d ms asked, %d ms in the manifest, %.2f s of silence" % (pause, gap, max(around)))
PYEOF
}
expect_exit 0 render --title 工人日报 --date 2024-03-08 -o "$WORK/ep" "$pages/sample.txt"
gap_check "$WORK/ep/sample.json" "$WORK/ep/sample.mp3" 1500 || fail "pause_section_ms (commute, 1500 ms)"
printf 'pause_section_ms = 3000\n' >"$WORK/long.conf"
expect_exit 0 render --profile "$WORK/long.conf" --title 工人日报 --date 2024-03-08 -o "$WORK/long" "$pages/sample.txt"
gap_check "$WORK/long/sample.json" "$WORK/long/sample.mp3" 3000 || fail "pause_section_ms = 3000"
# The station: the opening file's tail and the first article file's head add up to it.
expect_exit 0 render --profile station --title 工人日报 --date 2024-03-08 -o "$WORK/st" "$pages/sample.txt"
"$PY" - "$WORK/st/01/001.mp3" "$WORK/st/01/002.mp3" <<'PYEOF' || fail "pause_section_ms (station, 2000 ms)"
import re, subprocess, sys
def edge(path, tail):
    out = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-i", path, "-af",
                          "silencedetect=n=-45dB:d=0.05", "-f", "null", "-"], capture_output=True, text=True).stderr
    dur = float(re.search(r"Duration: (\d+):(\d+):([\d.]+)", out).group(3)) + 60 * float(re.search(r"Duration: (\d+):(\d+)", out).group(2))
    starts = [float(x) for x in re.findall(r"silence_start: ([0-9.]+)", out)]
    ends = [float(x) for x in re.findall(r"silence_end: ([0-9.]+)", out)]
    return dur - starts[-1] if tail else ends[0]
total = edge(sys.argv[1], True) + edge(sys.argv[2], False)
assert 2.0 <= total <= 2.6, "opening tail + first article head: %.2f s for 2000 ms" % total
print("station section pause ok: %.2f s between 001 and 002" % total)
PYEOF
echo "ok"
