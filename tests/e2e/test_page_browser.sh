#!/usr/bin/env bash
# The published index.html in a real browser: headless Chromium (Debian's chromium) loads it
# from file://, the DOM after its script ran must hold every chapter link and transcript line
# of the manifest, and the page's self-test (?selftest=1) clicks the last chapter link and
# reports the audio's currentTime after the seek, which must be that chapter's start, and
# that the player showed its loading line meanwhile (from file://, from a server without
# Range requests, and from the README's Caddy, which has them).
# A phone-sized screenshot is kept as a test artifact in $TB_BUILD_DIR/artifacts/.
source "$(dirname "$0")/lib.sh"
command -v chromium >/dev/null 2>&1 || skip "chromium is not installed (scripts/setup.sh installs it)"
[ -x "$PY" ] || skip "$PY is missing"
"$TINGBAO" publish --help >/dev/null 2>&1 || skip "this tingbao has no 'publish' command yet"

page="$TB_SOURCE_DIR/tests/pages/sample.txt"
expect_exit 0 render -o "$WORK/site" --date 2024-03-08 --title "工人周报" "$page"
expect_exit 0 publish -o "$WORK/site" --title '工人周报 & <周末> "版" 🎉'
url="file://$WORK/site/index.html"

chrome() {
    local profile
    profile=$(mktemp -d "$WORK/profile.XXXXXX")
    timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --mute-audio --user-data-dir="$profile" "$@" 2>>"$WORK/chromium.log"
}

# Dumps the DOM of $1 into $2 once the page's self-test is done. Virtual time runs ahead of
# real loading on a busy machine now and then, so a dump without the result is retried.
dump_selftest() {
    local try
    for try in 1 2 3; do
        chrome --virtual-time-budget=30000 --dump-dom "$1" >"$2" ||
            fail "chromium --dump-dom failed: $(grep -v -e dbus -e ALSA "$WORK/chromium.log" | tail -5)"
        grep -q 'data-done="1"' "$2" && return 0
        echo "note: the self-test had not finished in try $try; again" >&2
    done
}
dump_selftest "$url?selftest=1" "$WORK/dom.html"
[ -s "$WORK/dom.html" ] || fail "chromium dumped no DOM"

# The same page from a static web server without Range requests (Python's http.server):
# seeking must still work (the page then fetches the audio once and plays it from memory).
: >"$WORK/http.log"
"$PY" -u -m http.server 0 --bind 127.0.0.1 --directory "$WORK/site" >"$WORK/http.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -rf "$WORK"' EXIT
port=""
for _ in $(seq 50); do
    port=$(sed -n 's/.* port \([0-9]*\).*/\1/p' "$WORK/http.log" | head -n 1)
    [ -n "$port" ] && break
    sleep 0.1
done
[ -n "$port" ] || fail "python3 -m http.server did not start: $(cat "$WORK/http.log")"
dump_selftest "http://127.0.0.1:$port/index.html?selftest=1" "$WORK/dom-http.html"
kill "$server" 2>/dev/null || true

# And from the README's server (Caddy), which answers Range requests: the browser seeks
# in the stream itself.
doms=("$WORK/dom.html" "$WORK/dom-http.html")
if command -v caddy >/dev/null 2>&1; then
    cport=$("$PY" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    mkdir -p "$WORK/home"
    HOME="$WORK/home" XDG_DATA_HOME="$WORK/home" XDG_CONFIG_HOME="$WORK/home" \
        caddy file-server --root "$WORK/site" --listen "127.0.0.1:$cport" >"$WORK/caddy.log" 2>&1 &
    server=$!
    for _ in $(seq 100); do
        "$PY" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=1)' \
            "http://127.0.0.1:$cport/index.html" 2>/dev/null && break
        sleep 0.1
    done
    dump_selftest "http://127.0.0.1:$cport/index.html?selftest=1" "$WORK/dom-caddy.html"
    kill "$server" 2>/dev/null || true
    doms+=("$WORK/dom-caddy.html")
else
    echo "note: caddy is not installed; the page over a Range server is not checked" >&2
fi

artifacts="${TB_BUILD_DIR:-$WORK}/artifacts"
mkdir -p "$artifacts"
shot="$artifacts/publish-page.png"
rm -f "$shot"
chrome --window-size=412,1400 --hide-scrollbars --virtual-time-budget=5000 \
    --screenshot="$shot" "$url" >/dev/null || fail "chromium --screenshot failed"
[ -s "$shot" ] || fail "no screenshot written"

for dom in "${doms[@]}"; do
PYTHONPATH="$E2E" "$PY" - "$dom" "$WORK/site/sample.json" "$shot" <<'PYEOF' || fail "page check failed ($dom)"
import html.parser, json, struct, sys

dom, manifest, shot = sys.argv[1:4]
ep = json.load(open(manifest, encoding="utf-8"))["episodes"][0]

from tbmanifest import episode_sentences as sentences

class Page(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.spans, self.ids, self.selftest = [], [], set(), None
        self.cur = None   # the list collecting text, and its item
        self.in_selftest = False
        self.audio = []
    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        cls = (a.get("class") or "").split()
        if tag == "a" and "chap" in cls:
            self.links.append([a["href"], float(a["data-t"]), ""])
            self.cur = self.links
        elif tag == "span" and "s" in cls:
            self.spans.append([float(a["data-s"]), float(a["data-e"]), ""])
            self.cur = self.spans
        elif tag == "pre" and a.get("id") == "selftest":
            self.in_selftest = True
            self.selftest = {"done": a.get("data-done"), "text": ""}
        elif tag == "audio":
            self.audio.append(a.get("src"))
    def handle_endtag(self, tag):
        if tag in ("a", "span"):
            self.cur = None
        if tag == "pre":
            self.in_selftest = False
    def handle_data(self, data):
        if self.cur is not None:
            self.cur[-1][2] += data
        if self.in_selftest:
            self.selftest["text"] += data

p = Page()
p.feed(open(dom, encoding="utf-8").read())
sents = sentences(ep)
# Over a server without Range requests the page may have swapped in the fetched copy (blob:).
if len(p.audio) != 1 or (p.audio[0] != ep["file"] and not p.audio[0].startswith("blob:http")):
    raise SystemExit("audio elements: %s" % p.audio)
if len(p.links) != len(ep["chapters"]):
    raise SystemExit("%d chapter links for %d chapters" % (len(p.links), len(ep["chapters"])))
for (href, t, text), c in zip(p.links, ep["chapters"]):
    if abs(t * 1000 - c["start_ms"]) > 0.5 or not text.endswith(c["title"]):
        raise SystemExit("chapter link %r %s %r vs %s" % (href, t, text, c))
    if href[1:] not in p.ids:
        raise SystemExit("chapter link %s has no target in the page" % href)
if len(p.spans) != len(sents):
    raise SystemExit("%d transcript lines for %d sentences" % (len(p.spans), len(sents)))
for (s, e, text), want in zip(p.spans, sents):
    if abs(s * 1000 - want["start_ms"]) > 0.5 or abs(e * 1000 - want["end_ms"]) > 0.5:
        raise SystemExit("transcript line %s-%s vs %s" % (s, e, want))
    if text != " ".join((want["text"] or want["spoken"]).split()):
        raise SystemExit("transcript text %r vs %r" % (text, want["text"]))
st = p.selftest
if not st or st["done"] != "1":
    raise SystemExit("the page's self-test did not finish: %r" % st)
fields = st["text"].split()
if len(fields) != 6 or fields[0] != ep["id"]:
    raise SystemExit("self-test said %r" % st["text"])
# The player showed its loading line after the click, and no longer does once seeked.
if fields[5] != "1":
    raise SystemExit("loading state after the seek: %r (want '1': shown, then gone)" % fields[5])
want_t, got_t, ready = float(fields[1]), float(fields[2]), int(fields[3])
# The highlighted line after the seek: the sentence being read at that time, if any
# (the last one started, unless the time is more than a second after its end).
read = [s for s in sents if s["start_ms"] <= got_t * 1000 + 50]
expect = "none"
if read and got_t * 1000 <= read[-1]["end_ms"] + 1000:
    expect = "%.3f" % (read[-1]["start_ms"] / 1000)
if fields[4] != expect:
    raise SystemExit("after the seek the highlighted line starts at %s, expected %s" % (fields[4], expect))
if abs(want_t * 1000 - ep["chapters"][-1]["start_ms"]) > 0.5 or abs(got_t - want_t) > 0.05:
    raise SystemExit("seeking to the last chapter: wanted %s, currentTime is %s" % (want_t, got_t))
if ready < 1:
    raise SystemExit("the audio never loaded (readyState %d)" % ready)
png = open(shot, "rb").read(24)
if png[:8] != b"\x89PNG\r\n\x1a\n":
    raise SystemExit("the screenshot is not a PNG")
w, h = struct.unpack(">II", png[16:24])
print(dom.rsplit("/", 1)[-1] + ": page ok: %d chapter links, %d transcript lines, chapter link seeks to %.3f s "
      "(currentTime %.3f, readyState %d, highlighted %s), screenshot %dx%d at %s"
      % (len(p.links), len(p.spans), want_t, got_t, ready, fields[4], w, h, shot))
PYEOF
done
