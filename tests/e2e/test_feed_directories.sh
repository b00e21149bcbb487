#!/usr/bin/env bash
# A feed that podcast directories accept (issue 16), read back with feedparser and with
# gPodder's podcastparser (Debian's python3-feedparser, python3-podcastparser): artwork
# (a drawn cover, deterministic; a given PNG/JPEG checked and copied), itunes:owner,
# itunes:author, category, explicit, podcast:guid (UUID v5 of the feed URL, computed here
# with Python's uuid), podcast:locked, lastBuildDate from the newest edition, episode
# titles "<paper> <date> <section>：<headline>", chapters (podcastparser reads
# psc:chapters), TPE1 and TALB the paper, a warning for an http:// base URL.
source "$(dirname "$0")/lib.sh"
[ -x "$PY" ] || skip "$PY is missing"
"$PY" -c 'import feedparser' 2>/dev/null || skip "python3-feedparser is not installed"
"$PY" -c 'import podcastparser' 2>/dev/null || skip "python3-podcastparser is not installed"
"$PY" -c 'import mutagen' 2>/dev/null || skip "python3-mutagen is not installed"
need ffmpeg
pages="$TB_SOURCE_DIR/tests/pages"
site="$WORK/site"
base="https://news.example.org/tb/"

expect_exit 0 render --title 工人日报 --date 2024-03-07 -o "$site" "$pages/sample.txt"
expect_exit 0 render --title 工人日报 --date 2024-03-08 -o "$site" "$pages/party_front.txt"
expect_exit 0 publish -o "$site" --base-url "$base" --title 工人日报 --author 工人日报社 \
    --owner-name 新媒体部 --owner-email desk@news.example.org --category News/Politics \
    --explicit no --locked yes
! grep -q "warning" "$WORK/stderr" || fail "unexpected warning: $(cat "$WORK/stderr")"

"$PY" - "$site" <<'PYEOF' || fail "the feed's fields"
import io, json, re, struct, sys, uuid
import feedparser, podcastparser
from mutagen.id3 import ID3
site = sys.argv[1]
raw = open(site + "/feed.xml", "rb").read()
text = raw.decode("utf-8")
url = "https://news.example.org/tb/feed.xml"

f = feedparser.parse(raw)
assert not f.bozo, f.bozo_exception
c = f.feed
assert c.image.href == "https://news.example.org/tb/cover.png", c.image
# (feedparser takes itunes:owner's name as the author too; podcastparser below reads itunes:author)
assert "<itunes:author>工人日报社</itunes:author>" in text
assert c.publisher_detail.name == "新媒体部" and c.publisher_detail.email == "desk@news.example.org"
assert [t.term for t in c.tags] == ["News", "Politics"], c.tags
assert "<itunes:explicit>false</itunes:explicit>" in text  # feedparser leaves "false" unread
guid = str(uuid.uuid5(uuid.UUID("ead4c236-bf58-58c6-a2c6-a6b28d128cb6"), "news.example.org/tb/feed.xml"))
assert c.podcast_guid == guid, (c.podcast_guid, guid)
assert re.search(r'<podcast:locked owner="desk@news.example.org">yes</podcast:locked>', text)
# the newest edition's date, never the clock
assert c.updated == "Fri, 08 Mar 2024 00:00:00 +0800", c.updated
assert re.search(r"<image>\s*<url>https://news.example.org/tb/cover.png</url>\s*<title>工人日报</title>", text)

p = podcastparser.parse(url, io.BytesIO(raw))
assert p["cover_url"] == "https://news.example.org/tb/cover.png", p.get("cover_url")
assert p["itunes_owner"] == {"name": "新媒体部", "email": "desk@news.example.org"}, p.get("itunes_owner")
assert p["itunes_author"] == "工人日报社" and p["itunes_categories"] == [["News", "Politics"]]
assert p["explicit"] is False
titles = []
for e in p["episodes"]:
    m = json.load(open("%s/%s.json" % (site, e["guid"].split("/")[-2])))["episodes"][0]
    chapters = e.get("chapters") or []
    assert [(ch["start"], ch["title"]) for ch in chapters] == \
        [(c["start_ms"] // 1000, c["title"]) for c in m["chapters"]], (chapters, m["chapters"])
    titles.append(e["title"])
    lead = m["chapters"][0]["title"]
    assert e["title"].endswith("：" + lead), e["title"]
    tags = ID3("%s/%s" % (site, m["file"]))
    assert str(tags["TPE1"]) == "工人日报" and str(tags["TALB"]) == "工人日报", m["file"]
assert titles[0] == "工人日报 2024年3月8日 要闻：一季度全市重点项目开工率超九成", titles
assert titles[1].startswith("工人日报 2024年3月7日："), titles  # a page without a section name
for e in f.entries:
    assert e.title in titles
png = open(site + "/cover.png", "rb").read()
assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (1400, 1400)
print("feed ok: guid %s, %d items titled %r ..., podcastparser read %d chapters"
      % (guid, len(titles), titles[0], sum(len(e.get("chapters") or []) for e in p["episodes"])))
PYEOF

# The drawn cover is the same bytes for the same input: published again, and elsewhere.
sum1=$(sha256sum <"$site/cover.png")
expect_exit 0 publish -o "$site"
[ "$(sha256sum <"$site/cover.png")" = "$sum1" ] || fail "the cover changed on re-publishing"
mkdir -p "$WORK/site2"
cp "$site"/party_front.json "$site"/party_front.mp3 "$site"/sample.json "$site"/sample.mp3 "$WORK/site2/"
expect_exit 0 publish -o "$WORK/site2" --title 工人日报
[ "$(sha256sum <"$WORK/site2/cover.png")" = "$sum1" ] || fail "the same input drew another cover"

# A given cover: a square JPEG of 1500 px is copied; the drawn one goes.
ffmpeg -v error -nostdin -f lavfi -i color=c=navy:s=1500x1500 -frames:v 1 "$WORK/art.jpg"
expect_exit 0 publish -o "$site" --image "$WORK/art.jpg"
cmp -s "$WORK/art.jpg" "$site/cover.jpg" || fail "the given cover was not copied as it is"
[ ! -e "$site/cover.png" ] || fail "the drawn cover is still there"
grep -q '<itunes:image href="https://news.example.org/tb/cover.jpg"/>' "$site/feed.xml" || fail "itunes:image is not the given cover"
expect_exit 0 publish -o "$site"   # kept by the settings
grep -q 'cover.jpg' "$site/feed.xml" || fail "the given cover was forgotten"
# Refused: too small, not square, not an image (one line each, nothing written).
ffmpeg -v error -nostdin -f lavfi -i color=c=red:s=1000x1000 -frames:v 1 "$WORK/small.png"
ffmpeg -v error -nostdin -f lavfi -i color=c=red:s=1600x1400 -frames:v 1 "$WORK/wide.png"
printf 'not an image' >"$WORK/fake.png"
before=$(cd "$site" && ls -l --time-style=+%s.%N | md5sum)
for bad in "small:1000 x 1000 pixels" "wide:1600 x 1400 pixels; podcast artwork is square" \
    "fake:not an image that can be read"; do
    expect_exit 1 publish -o "$site" --image "$WORK/${bad%%:*}.png"
    [ "$(wc -l <"$WORK/stderr")" -eq 1 ] && grep -q "${bad%%:*}.png: ${bad#*:}" "$WORK/stderr" ||
        fail "${bad%%:*} image: $(cat "$WORK/stderr")"
done
[ "$(cd "$site" && ls -l --time-style=+%s.%N | md5sum)" = "$before" ] || fail "a refused image changed the site"
# Back to the drawn cover.
expect_exit 0 publish -o "$site" --image ''
[ -f "$site/cover.png" ] && [ ! -e "$site/cover.jpg" ] || fail "--image '' did not bring the drawn cover back"

# Usage errors and the http:// warning.
expect_exit 2 publish -o "$site" --category News/Gossip
grep -q "not one of Apple Podcasts' categories" "$WORK/stderr" || fail "bad category: $(cat "$WORK/stderr")"
expect_exit 2 publish -o "$site" --explicit maybe
expect_exit 2 publish -o "$site" --owner-email nobody
expect_exit 0 publish -o "$site" --base-url http://news.example.org/tb
grep -q "warning: --base-url is http://" "$WORK/stderr" || fail "no warning for an http:// base URL"
assert_no_temp_files "$site"
echo "ok"
