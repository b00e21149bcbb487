#!/usr/bin/env bash
# `tingbao publish` end to end, checked with readers that are not ours: the feed with Python's
# xml.etree and feedparser (Debian's python3-feedparser), the WebVTT and SRT files with ffmpeg;
# chapter JSON and LRC against the manifest. Re-publishing must leave every file byte-identical.
# The real page (../shared/pages) is rendered and published too when it is there.
source "$(dirname "$0")/lib.sh"
need ffmpeg
[ -x "$PY" ] || skip "$PY is missing"
"$PY" -c "import feedparser" 2>/dev/null || skip "python3-feedparser is not installed (scripts/setup.sh installs it)"
"$TINGBAO" publish --help >/dev/null 2>&1 || skip "this tingbao has no 'publish' command yet"

TITLE='工人周报 & <周末> "版" '"'"'乙'"'"' 🎉'

cat >"$WORK/check_site.py" <<'PYEOF'
import email.utils, json, os, re, subprocess, sys, xml.etree.ElementTree as ET
import feedparser

site, title, base = sys.argv[1], sys.argv[2], sys.argv[3]
NS = {"itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
      "podcast": "https://podcastindex.org/namespace/1.0",
      "content": "http://purl.org/rss/1.0/modules/content/",
      "atom": "http://www.w3.org/2005/Atom"}

def fail(msg):
    print("check_site: FAIL: " + msg)
    sys.exit(1)

from tbmanifest import episode_sentences as sentences

def one_line(s):
    return " ".join(s.split()) or "…"

# What SRT and LRC readers would take as markup is written as the full-width character.
SRT_TEXT = str.maketrans("<>{}", "＜＞｛｝")
LRC_TEXT = str.maketrans("[]<>{}", "［］＜＞｛｝")

def clock(ms):
    s = ms // 1000
    return "%d:%02d:%02d" % (s // 3600, s // 60 % 60, s % 60) if s >= 3600 else "%02d:%02d" % (s // 60, s % 60)

def srt_times(text):
    pat = re.compile(r"(\d+):(\d\d):(\d\d)[,.](\d\d\d) --> (\d+):(\d\d):(\d\d)[,.](\d\d\d)")
    out = []
    for m in pat.finditer(text):
        g = [int(x) for x in m.groups()]
        out.append(((g[0] * 3600 + g[1] * 60 + g[2]) * 1000 + g[3],
                    (g[4] * 3600 + g[5] * 60 + g[6]) * 1000 + g[7]))
    return out

def audio_agreement(path, cues):
    """Decodes the audio (ffmpeg, 8 kHz) and finds, around each cue, where sound starts and
    ends (5 ms frames, 0.5 % of the loudest frame: soft consonants like c, s, f start quietly): both must be within 50 ms of the cue."""
    import array
    rate, frame = 8000, 40
    pcm = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-ac", "1", "-ar", str(rate),
                          "-f", "s16le", "-"], capture_output=True, check=True).stdout
    x = array.array("h")
    x.frombytes(pcm)
    env = []
    for i in range(len(x) // frame):
        seg = x[i * frame:(i + 1) * frame]
        env.append(sum(v * v for v in seg) / frame)
    thr = max(env) * 0.005 ** 2
    onset, offset = [], []
    for a, b in cues:
        fa, fb = a // 5, b // 5
        on = next((i * 5 for i in range(max(0, fa - 40), min(len(env), fa + 100)) if env[i] >= thr), None)
        off = next(((i + 1) * 5 for i in range(min(len(env) - 1, fb + 40), max(0, fb - 100), -1)
                    if env[i] >= thr), None)
        if on is None or off is None:
            fail("no sound near the cue %d-%d ms" % (a, b))
        if abs(on - a) > 50 or not -50 <= off - b <= 50:
            fail("cue %d-%d ms: sound from %d to %d ms" % (a, b, on, off))
        onset.append(on - a)
        offset.append(off - b)
    return onset, offset

manifests = {}
for name in sorted(os.listdir(site)):
    if name.endswith(".json") and not name.endswith(".chapters.json") and not name.startswith("."):
        m = json.load(open(os.path.join(site, name), encoding="utf-8"))
        if m.get("format") == "tingbao-manifest":
            for ep in m["episodes"]:
                manifests[ep["id"]] = ep
if not manifests:
    fail("no manifests in " + site)

# 1. Well-formed XML with every namespace element.
tree = ET.parse(os.path.join(site, "feed.xml"))
root = tree.getroot()
ch = root.find("channel")
if root.tag != "rss" or root.get("version") != "2.0" or ch is None:
    fail("not RSS 2.0")
for path in ["title", "link", "language", "description", "atom:link", "itunes:author",
             "itunes:category", "itunes:explicit"]:
    if ch.find(path, NS) is None:
        fail("channel has no " + path)
if ch.findtext("language") != "zh-cn":
    fail("language is %r" % ch.findtext("language"))
if ch.findtext("title") != title:
    fail("channel title does not round-trip: %r" % ch.findtext("title"))
items = ch.findall("item")
if len(items) != len(manifests):
    fail("%d items for %d manifests" % (len(items), len(manifests)))
for it in items:
    for path in ["title", "link", "description", "content:encoded", "guid", "pubDate",
                 "enclosure", "itunes:duration", "podcast:chapters", "podcast:transcript"]:
        if it.find(path, NS) is None:
            fail("item has no " + path)
    types = sorted(t.get("type") for t in it.findall("podcast:transcript", NS))
    if types != ["application/x-subrip", "text/vtt"]:
        fail("transcripts are %s" % types)
    if it.find("podcast:chapters", NS).get("type") != "application/json+chapters":
        fail("podcast:chapters type")

# 2. feedparser: no bozo, enclosure length is the file size, dates and guids.
d = feedparser.parse(os.path.join(site, "feed.xml"))
if d.bozo:
    fail("feedparser bozo: %r" % d.get("bozo_exception"))
if d.feed.title != title or d.feed.language != "zh-cn":
    fail("feedparser channel: %r %r" % (d.feed.title, d.feed.get("language")))
dates = []
for e in d.entries:
    epid = e.id.split("/")[-2]
    ep = manifests.get(epid)
    if ep is None:
        fail("guid %s names no manifest" % e.id)
    if e.id != "%s/%s/%s" % (base, ep["id"], ep["date"]):
        fail("guid %s is not base/id/date" % e.id)
    # "<paper> <date> <section>：<lead headline>" (a missing section leaves no space)
    y, mo, da = (int(x) for x in ep["date"].split("-"))
    parts = [title, "%d年%d月%d日" % (y, mo, da)] + ([ep["section"]] if ep.get("section") else [])
    want = " ".join(parts) + "：" + ep["chapters"][0]["title"]
    if e.title != want:
        fail("item title %r != %r" % (e.title, want))
    enc = e.enclosures[0]
    size = os.path.getsize(os.path.join(site, ep["file"]))
    if int(enc["length"]) != size or enc["type"] != "audio/mpeg":
        fail("enclosure %s, file has %d bytes" % (enc, size))
    if enc["href"] != base + "/" + ep["file"]:
        fail("enclosure url " + enc["href"])
    pub = email.utils.parsedate_to_datetime(e.published)
    if pub.strftime("%Y-%m-%d") != ep["date"]:
        fail("pubDate %s for date %s" % (e.published, ep["date"]))
    dates.append(ep["date"])
    secs = (ep["duration_ms"] + 500) // 1000
    if e.itunes_duration != "%02d:%02d:%02d" % (secs // 3600, secs // 60 % 60, secs % 60):
        fail("itunes:duration " + e.itunes_duration)
    lines = e.summary.split("\n")
    for c in ep["chapters"]:
        want = "%s %s" % (clock(c["start_ms"]), c["title"])
        if want not in lines:
            fail("description lacks %r" % want)
if dates != sorted(dates, reverse=True):
    fail("items not newest first: %s" % dates)

# 3. Per episode: chapters JSON, VTT and SRT through ffmpeg, LRC.
worst = 0
for ep in manifests.values():
    sents = sentences(ep)
    cj = json.load(open(os.path.join(site, ep["id"] + ".chapters.json"), encoding="utf-8"))
    if cj["version"] != "1.2.0" or len(cj["chapters"]) != len(ep["chapters"]):
        fail("chapters JSON: version %s, %d chapters" % (cj["version"], len(cj["chapters"])))
    for a, b in zip(cj["chapters"], ep["chapters"]):
        if abs(a["startTime"] * 1000 - b["start_ms"]) > 0.5 or a["title"] != b["title"]:
            fail("chapter %s: %s" % (b["id"], a))
    for ext in ("vtt", "srt"):
        path = os.path.join(site, ep["id"] + "." + ext)
        p = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "srt", "-"],
                           capture_output=True)
        if p.returncode != 0 or p.stderr:
            fail("ffmpeg reading %s: %s" % (path, p.stderr.decode(errors="replace")[-300:]))
        cues = srt_times(p.stdout.decode("utf-8"))
        if len(cues) != len(sents):
            fail("%s: ffmpeg reads %d cues, the manifest has %d sentences" % (path, len(cues), len(sents)))
        for (a, b), s in zip(cues, sents):
            diff = max(abs(a - s["start_ms"]), abs(b - max(s["end_ms"], s["start_ms"] + 1)))
            worst = max(worst, diff)
            if diff > 1:
                fail("%s: cue %d-%d vs sentence %d-%d" % (path, a, b, s["start_ms"], s["end_ms"]))
    own = open(os.path.join(site, ep["id"] + ".srt"), encoding="utf-8").read().split("\n\n")
    for block, s in zip(own, sents):
        if block.split("\n", 2)[2].rstrip("\n") != one_line(s["text"] or s["spoken"]).translate(SRT_TEXT):
            fail("SRT text %r vs %r" % (block, s["text"]))
    lrc = open(os.path.join(site, ep["id"] + ".lrc"), encoding="utf-8").read().splitlines()
    stamped = [l for l in lrc if re.match(r"\[\d+:\d\d\.\d\d\]", l)]
    if len(stamped) != len(sents) + 1:
        fail("LRC has %d timed lines for %d sentences" % (len(stamped), len(sents)))
    for l, s in zip(stamped, sents):
        m = re.match(r"\[(\d+):(\d\d)\.(\d\d)\](.*)", l)
        t = int(m.group(1)) * 60000 + int(m.group(2)) * 1000 + int(m.group(3)) * 10
        if not 0 <= s["start_ms"] - t < 10 or m.group(4) != one_line(s["text"] or s["spoken"]).translate(LRC_TEXT):
            fail("LRC line %r vs %r" % (l, s))
    onset, offset = audio_agreement(os.path.join(site, ep["file"]), cues)
    print("check_site: %s: %d chapters, %d cues (VTT and SRT via ffmpeg, max time error %d ms vs "
          "the manifest; speech starts %d..%d ms and ends %d..%d ms from the cue times), LRC ok"
          % (ep["id"], len(ep["chapters"]), len(sents), worst, min(onset), max(onset),
             min(offset), max(offset)))
print("check_site: feed ok: %d items, feedparser clean, enclosure lengths exact" % len(d.entries))
PYEOF

publish_and_check() { # $1 render dir, $2 site dir
    expect_exit 0 publish -o "$2" --base-url https://example.org/tb/ --title "$TITLE" "$1"
    assert_no_temp_files "$2"
    for f in feed.xml index.html; do [ -s "$2/$f" ] || fail "$f missing"; done
    PYTHONPATH="$E2E" "$PY" "$WORK/check_site.py" "$2" "$TITLE" https://example.org/tb || fail "site check failed"
    # Nothing but the promised files: no lock file, no settings file.
    hidden=$(cd "$2" && ls -A | grep '^\.' || true)
    [ -z "$hidden" ] || fail "publish left hidden files: $hidden"
    # Re-publishing (settings come back from the comment at the top of the feed) changes
    # no byte.
    (cd "$2" && md5sum *) >"$WORK/before.md5"
    expect_exit 0 publish -o "$2"
    expect_exit 0 publish -o "$2" "$1"
    (cd "$2" && md5sum *) >"$WORK/after.md5"
    diff "$WORK/before.md5" "$WORK/after.md5" || fail "re-publishing changed files"
    [ "$(grep -c '<item>' "$2/feed.xml")" -eq "$(ls "$2"/*.mp3 | wc -l)" ] || fail "duplicated items"
}

page="$TB_SOURCE_DIR/tests/pages/sample.txt"
expect_exit 0 render -o "$WORK/r" --date 2024-03-08 --title "工人周报" "$page"
publish_and_check "$WORK/r" "$WORK/site"

# GBK lyrics: the same lines, in GBK.
expect_exit 0 publish -o "$WORK/site" --lrc-encoding gbk
"$PY" - "$WORK/site/sample.lrc" "$WORK/site/sample.srt" <<'PYEOF' || fail "GBK LRC"
import sys
text = open(sys.argv[1], "rb").read().decode("gbk")
assert text.startswith("[ti:"), text[:40]
srt = open(sys.argv[2], encoding="utf-8").read().split("\n\n")
first = srt[2].split("\n")[2]
assert first.replace("\U0001F389", "?") in text, first
print("GBK LRC ok")
PYEOF

# A second edition merges in, newest first; --keep 1 keeps only it.
mkdir -p "$WORK/r2"
sed 's/"sample"/"sample2"/; s/"sample.mp3"/"sample2.mp3"/; s/"2024-03-08"/"2024-03-09"/' \
    "$WORK/r/sample.json" >"$WORK/r2/sample2.json"
cp "$WORK/r/sample.mp3" "$WORK/r2/sample2.mp3"
expect_exit 0 publish -o "$WORK/site" --lrc-encoding utf-8 "$WORK/r2/sample2.json"
[ "$(grep -c '<item>' "$WORK/site/feed.xml")" -eq 2 ] || fail "the second edition did not merge"
PYTHONPATH="$E2E" "$PY" "$WORK/check_site.py" "$WORK/site" "$TITLE" https://example.org/tb || fail "merged site check"
expect_exit 0 publish -o "$WORK/site" --keep 1
[ "$(grep -c '<item>' "$WORK/site/feed.xml")" -eq 1 ] || fail "--keep 1 kept more"
grep -q 'sample2/2024-03-09</guid>' "$WORK/site/feed.xml" || fail "--keep kept the wrong one"

# Bad options are usage errors.
expect_exit 2 publish -o "$WORK/site" --keep x
expect_exit 2 publish -o "$WORK/site" --lrc-encoding latin1
expect_exit 2 publish -o "$WORK/site" --base-url ftp://x

if [ -f "$REAL_PAGE" ]; then
    expect_exit 0 render -o "$WORK/real" --date 2024-03-08 --title "工人周报" "$REAL_PAGE"
    publish_and_check "$WORK/real" "$WORK/real-site"
else
    echo "note: the real page is not there; only the sample was published"
fi
echo "publish ok"
