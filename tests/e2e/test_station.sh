#!/usr/bin/env bash
# The station (numbered) layout as small players use it (issue 16): a DFPlayer-style
# module's folder/file addressing walked exactly as the module does, 01/001.mp3 the
# opening; distinct TIT2s, TRCK n/N, the paper as TPE1/TALB; #EXTINF within 1 s of
# ffprobe's duration; overflow into the next folder; more than 99 folders refused before
# anything is written; the flat mp3/ layout; `tingbao card` onto a FAT image made with
# mkfs.vfat and read back with mtools; README.txt's copy command on an empty card;
# `render --profile station --publish` and `publish` beside a station.
source "$(dirname "$0")/lib.sh"
need ffprobe; need ffmpeg
[ -x "$PY" ] || skip "$PY is missing"
"$PY" -c 'import mutagen' 2>/dev/null || skip "python3-mutagen is not installed"
sample="$TB_SOURCE_DIR/tests/pages/sample.txt"

# Walks the station as a DFPlayer does for "play folder NN file NNN": folders 01..99, in
# each the file whose name starts with the three digits; the order played must be the
# manifests' (opening, then articles), the first 01/001.mp3 and the opening; tags and
# playlists checked on the way.
check_station() { # dir paper
    "$PY" - "$1" "$2" <<'PYEOF'
import glob, json, os, re, subprocess, sys
from mutagen.id3 import ID3
d, paper = sys.argv[1], sys.argv[2]
# each section's files in its own order (opening, articles); sections by their first file
sections = []
for m in glob.glob(os.path.join(d, "*.json")):
    for e in json.load(open(m))["episodes"]:
        files = ([e["opening_file"]] if e.get("opening_file") else []) + [a["file"] for a in e["articles"]]
        sections.append(files)
want = [f for files in sorted(sections) for f in files]
def folder_walk():
    played = []
    for folder in range(1, 100):
        fd = os.path.join(d, "%02d" % folder)
        if not os.path.isdir(fd):
            continue
        names = os.listdir(fd)
        for number in range(1, 256):
            hit = [n for n in names if n[:3] == "%03d" % number and n.lower().endswith(".mp3")]
            assert len(hit) <= 1, hit
            if hit:
                played.append("%02d/%s" % (folder, hit[0]))
    return played
def mp3_walk():
    md = os.path.join(d, "mp3")
    if not os.path.isdir(md):
        return []
    names = os.listdir(md)
    return ["mp3/" + n for k in range(1, 3001) for n in names if n[:4] == "%04d" % k]
played = folder_walk() or mp3_walk()
assert played == want, ("played", played[:5], "manifests", want[:5])
assert played[0] in ("01/001.mp3", "mp3/0001.mp3"), played[0]
titles, n = set(), len(played)
for i, rel in enumerate(played):
    t = ID3(os.path.join(d, rel))
    title = str(t["TIT2"])
    assert title not in titles, "TIT2 %r twice" % title
    titles.add(title)
    assert str(t["TRCK"]) == "%d/%d" % (i + 1, n), (rel, str(t["TRCK"]))
    assert str(t["TPE1"]) == paper and str(t["TALB"]) == paper, rel
first = ID3(os.path.join(d, played[0]))
assert re.search("本期要目|开场", str(first["TIT2"])), str(first["TIT2"])
# the opening is audible: speech, not silence
vol = subprocess.run(["ffmpeg", "-nostdin", "-hide_banner", "-i", os.path.join(d, played[0]),
                      "-af", "volumedetect", "-f", "null", "-"], capture_output=True, text=True).stderr
mean = float(re.search(r"mean_volume: (-?[0-9.]+) dB", vol).group(1))
assert mean > -40, "the opening is silent (%.1f dB)" % mean
# every playlist entry: #EXTINF within 1 s of the file's duration as ffprobe reads it
worst = 0.0
for m3u in sorted(glob.glob(os.path.join(d, "*.m3u8"))):
    lines = open(m3u, encoding="utf-8").read().splitlines()
    assert lines[0] == "#EXTM3U", m3u
    for inf, rel in zip(lines[1::2], lines[2::2]):
        secs = int(re.match(r"#EXTINF:(-?\d+),", inf).group(1))
        dur = float(subprocess.check_output(["ffprobe", "-v", "error", "-show_entries",
            "format=duration", "-of", "csv=p=0", os.path.join(d, rel)]))
        assert abs(secs - dur) <= 1.0, (rel, secs, dur)
        worst = max(worst, abs(secs - dur))
print("station ok: %d files played in order from %s, titles distinct, EXTINF within %.2f s"
      % (n, played[0], worst))
PYEOF
}

# 1. The sample page (and the real page when it is there): 01/001.mp3 opens.
expect_exit 0 render --profile station --title 工人日报 --date 2024-03-08 -o "$WORK/st" "$sample"
check_station "$WORK/st" 工人日报 || fail "station layout of the sample page"
[ ! -e "$WORK/st/01/000.mp3" ] || fail "000.mp3 is still written"
if [ -f "$REAL_PAGE" ]; then
    expect_exit 0 render --profile station --title 工人日报 --date 2024-01-05 -o "$WORK/real" "$REAL_PAGE"
    check_station "$WORK/real" 工人日报 || fail "station layout of the real page"
else
    echo "note: $REAL_PAGE is absent; the real page's station is not checked" >&2
fi

# 2. The flat layout: every file in mp3/, numbered on across pages.
expect_exit 0 render --profile station --station-layout mp3 --title 工人日报 -o "$WORK/flat" \
    "$sample" "$TB_SOURCE_DIR/tests/pages/bylines.txt"
check_station "$WORK/flat" 工人日报 || fail "mp3 layout"
[ -z "$(find "$WORK/flat" -maxdepth 1 -name '[0-9][0-9]' -type d)" ] || fail "mp3 layout made NN/ folders"

# 3. 255 articles and an opening: 256 files, the last in folder 02 as 001.mp3.
"$PY" - "$WORK/many.txt" <<'PYEOF'
import sys
lines = []
for i in range(255):
    lines += ["第%d条消息来了" % (i + 1), "", "本报记者 张三", "", "好。", ""]
open(sys.argv[1], "w", encoding="utf-8").write("\n".join(lines))
PYEOF
expect_exit 0 render --profile station --no-contents --title 工人日报 -o "$WORK/many" "$WORK/many.txt"
[ "$(ls "$WORK/many/01" | wc -l)" -eq 255 ] && [ "$(ls "$WORK/many/02")" = "001.mp3" ] ||
    fail "overflow: 01/ has $(ls "$WORK/many/01" | wc -l) files, 02/ has '$(ls "$WORK/many/02" 2>&1)'"
check_station "$WORK/many" 工人日报 || fail "overflowing station"

# 4. More than 99 folders: one clear line before anything is written.
mkdir -p "$WORK/pages100"
for i in $(seq -w 1 100); do printf '第%s版的消息\n\n今天天气很好。\n' "$i" >"$WORK/pages100/p$i.txt"; done
expect_exit 1 render --profile station -o "$WORK/too-many" "$WORK"/pages100/p*.txt
[ "$(wc -l <"$WORK/stderr")" -eq 1 ] && grep -q "p100.txt: .*folder 100.*01 to 99" "$WORK/stderr" ||
    { cat "$WORK/stderr" >&2; fail "100 folders: unclear error"; }
[ ! -e "$WORK/too-many" ] || fail "100 folders: something was written"

# 5. README.txt's command on an empty card (a new directory), from the station directory.
cmd=$(grep '^    (CARD=' "$WORK/st/README.txt" | sed "s|CARD=/media/card|CARD='$WORK/empty-card'|")
[ -n "$cmd" ] || fail "README.txt has no copy command"
(cd "$WORK/st" && sh -c "$cmd") || fail "README.txt's command fails on an empty card: $cmd"
diff -r "$WORK/st/01" "$WORK/empty-card/01" >/dev/null || fail "README.txt's command copied other files"

# 6. tingbao card onto a FAT image: mkfs.vfat, then the card mounted with fusefat (a FAT
# driver in user space; the kernel here may have none), read back with mtools: mdir lists
# the entries in FAT order, which must be the playing order, with the same bytes.
if command -v mkfs.vfat >/dev/null && command -v mdir >/dev/null; then
    export MTOOLS_SKIP_CHECK=1
    img="$WORK/card.img"
    truncate -s 64M "$img" && mkfs.vfat -n TINGBAO "$img" >/dev/null
    mnt="$WORK/mnt"; mkdir -p "$mnt"
    how=""
    if command -v fusefat >/dev/null && fusefat -o rw+ "$img" "$mnt" >/dev/null 2>&1 &&
        mountpoint -q "$mnt"; then
        how="fusefat mount"
        expect_exit 0 card -o "$WORK/st" "$mnt"
        cp "$WORK/stdout" "$WORK/order"
        expect_exit 1 card -o "$WORK/st" "$mnt"
        grep -q "01 is not empty" "$WORK/stderr" || fail "a second copy onto the card: $(cat "$WORK/stderr")"
        fusermount -u "$mnt" 2>/dev/null || umount "$mnt"
    else
        # No FUSE here: the card is a directory, and mtools writes the image in the order
        # tingbao wrote the files (what it prints, one per line).
        how="directory, then mcopy in tingbao's order"
        expect_exit 0 card -o "$WORK/st" "$WORK/dircard"
        cp "$WORK/stdout" "$WORK/order"
        while read -r rel; do
            mmd -D s -i "$img" "::/${rel%%/*}" 2>/dev/null || true
            mcopy -i "$img" "$WORK/dircard/$rel" "::/$rel" || fail "mcopy $rel"
        done <"$WORK/order"
    fi
    mdir -b -i "$img" ::/01 | sed 's|^::/||' | grep '\.mp3$' >"$WORK/fat-order"
    diff <(cd "$WORK/st" && ls 01/*.mp3) "$WORK/fat-order" >/dev/null ||
        fail "FAT order is not the playing order ($how): $(tr '\n' ' ' <"$WORK/fat-order")"
    diff "$WORK/order" "$WORK/fat-order" >/dev/null || fail "card wrote files out of order"
    while read -r rel; do
        mcopy -n -i "$img" "::/$rel" "$WORK/back.mp3" && cmp -s "$WORK/back.mp3" "$WORK/st/$rel" ||
            fail "$rel differs on the card"
    done <"$WORK/fat-order"
    echo "card ok ($how): $(wc -l <"$WORK/fat-order") files in playing order on a FAT image"
else
    echo "note: dosfstools or mtools missing; the FAT image check is skipped (scripts/setup.sh installs them)" >&2
fi
expect_exit 1 card -o "$WORK/flat-nothing" "$WORK/x"

# 7. A station in the site: render --publish exits 0 with one note, and publish keeps
# working beside it, listing only the episodes.
expect_exit 0 render --profile station --publish --title 工人日报 --date 2024-03-08 -o "$WORK/site" "$sample"
[ "$(grep -c 'note: 1 station episode' "$WORK/stderr")" -eq 1 ] || { cat "$WORK/stderr" >&2; fail "no note for the station"; }
expect_exit 0 render --title 工人日报 --date 2024-03-08 -o "$WORK/site" "$TB_SOURCE_DIR/tests/pages/bylines.txt"
expect_exit 0 publish -o "$WORK/site"
[ "$(grep -c '<item>' "$WORK/site/feed.xml")" -eq 1 ] || fail "the feed should list the one episode"
assert_no_temp_files "$WORK/site"
# A station manifest of an older tingbao (01/000.mp3 its opening) breaks neither publish
# nor card's message: card asks for a new render, publish leaves it out with its note.
"$PY" - "$WORK/site/sample.json" <<'PYEOF'
import json, sys
m = json.load(open(sys.argv[1]))
m["episodes"][0]["opening_file"] = "01/000.mp3"
json.dump(m, open(sys.argv[1], "w"), ensure_ascii=False)
PYEOF
expect_exit 0 publish -o "$WORK/site"
grep -q 'note: 1 station episode' "$WORK/stderr" || fail "an older station manifest: $(cat "$WORK/stderr")"
mkdir -p "$WORK/card-old"
expect_exit 1 card -o "$WORK/site" "$WORK/card-old"
grep -q "01/000.mp3 is no number small players address" "$WORK/stderr" || fail "card, older station: $(cat "$WORK/stderr")"
echo "ok"
