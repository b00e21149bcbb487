#!/usr/bin/env bash
# render --brief: a bulletin of every article's title and first sentence, with one chapter
# per article, under a fifth of the full episode; render --only: just the articles named.
# Checked with ffprobe (chapters, duration) against the full render of the same page.
source "$(dirname "$0")/lib.sh"
need ffprobe
page="$TB_SOURCE_DIR/tests/pages/sample.txt"
[ -f "$REAL_PAGE" ] && page="$REAL_PAGE" || echo "note: real page absent; using the sample page" >&2
id=$(basename "$page" .txt)

expect_exit 0 render -o "$WORK/full" "$page"
expect_exit 0 render -o "$WORK/brief" --brief "$page"
expect_exit 0 render -o "$WORK/part" --only a02,a03 "$page"
$PY - "$WORK" "$id" <<'PY' || fail "brief or part episodes are not as promised"
import json, subprocess, sys
work, id_ = sys.argv[1:]
def probe(path):
    out = subprocess.run(["ffprobe", "-v", "error", "-show_chapters", "-show_format", "-of", "json", path],
                         capture_output=True, text=True, check=True).stdout
    j = json.loads(out)
    return float(j["format"]["duration"]), len(j["chapters"])
full = json.load(open(f"{work}/full/{id_}.json"))["episodes"][0]
brief = json.load(open(f"{work}/brief/{id_}-brief.json"))["episodes"][0]
part = json.load(open(f"{work}/part/{id_}-part.json"))["episodes"][0]
fd, fc = probe(f"{work}/full/{id_}.mp3")
bd, bc = probe(f"{work}/brief/{id_}-brief.mp3")
pd, pc = probe(f"{work}/part/{id_}-part.mp3")
n = len(full["articles"])
assert bc == n and len(brief["articles"]) == n, (bc, n)
assert bd < fd / 5, f"brief {bd:.0f} s is not under a fifth of {fd:.0f} s"
for a in brief["articles"]:
    assert [h["text"] for h in a["heading"]] == [a["title"]], a["heading"]
    sents = [s for p in a["paragraphs"] for s in p["sentences"]]
    assert 1 <= len(sents) <= 2, (a["id"], len(sents))
assert [a["id"] for a in part["articles"]] == ["a02", "a03"] and pc == 2
assert pd < fd
print(f"brief {bd:.0f} s of {fd:.0f} s, {bc} chapters; part {pd:.0f} s")
PY
expect_exit 2 plan --only a99 "$page"
grep -q "no article 'a99'" "$WORK/stderr" || fail "--only a99: $(cat "$WORK/stderr")"
echo ok
