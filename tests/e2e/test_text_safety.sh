#!/usr/bin/env bash
# Text that reaches an output can neither reorder, hide nor turn into markup (issue 15):
# bidi controls and other format characters from a page, its file name, --title or an
# imported manifest appear in no output (ID3 read back with mutagen); an LRC line whose
# text starts with "[00:01.00]" is one line to ffmpeg's LRC reader, SRT text with <...>
# survives ffmpeg's SRT reader; and colliding episode ids get a suffix that depends on the
# page's own path only.
source "$(dirname "$0")/lib.sh"
need ffmpeg
[ -x "$PY" ] || skip "$PY is missing"
"$PY" -c "import mutagen" 2>/dev/null || skip "python3-mutagen is not installed (scripts/setup.sh installs it)"
export XDG_CACHE_HOME="$WORK/cache"

RLO=$'\u202e' LRI=$'\u2066' PDI=$'\u2069' RLM=$'\u200f' ALM=$'\u061c'
page="$WORK/pages/news${RLO}lmth.txt"
mkdir -p "$WORK/pages"
cat >"$page" <<EOF
${RLO}工会${LRI}新闻${PDI}标题

本报记者 张三${ALM}

[00:01.00]今天的消息很多，请大家注意安全。

标题写作<abc>和{\\b1}粗体，还有${RLM}标记。
EOF
site="$WORK/site"
expect_exit 0 render -o "$site" --date 2024-03-08 --title "周${RLO}报" --publish \
    --base-url https://example.org/p "$page"

# A manifest from elsewhere with format characters everywhere it has text.
mkdir -p "$WORK/in"
id=$(cd "$site" && ls *.mp3 | sed 's/\.mp3$//')
"$PY" - "$site/$id.json" "$WORK/in/other.json" <<'PYEOF'
import json, sys
m = json.load(open(sys.argv[1], encoding="utf-8"))
e = m["episodes"][0]
e["id"], e["file"] = "other", "other.mp3"
e["title"] = "\u202eevil\u2066title\u2069"
for c in e["chapters"]:
    c["title"] = "\u202b" + c["title"] + "\u200e"
for a in e["articles"]:
    for p in a["paragraphs"]:
        for s in p["sentences"]:
            s["text"] = "\u2067" + s["text"] + "\u202c\ufeff"
json.dump(m, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PYEOF
cp "$site/$id.mp3" "$WORK/in/other.mp3"
expect_exit 0 publish -o "$site" "$WORK/in/other.json"

# 1. No format character (Unicode category Cf) in any file, nor in any ID3 text frame.
"$PY" - "$site" <<'PYEOF' || fail "format characters reached an output"
import os, sys, unicodedata
from mutagen.id3 import ID3
site, bad = sys.argv[1], []
def check(where, text):
    hits = sorted({"U+%04X" % ord(c) for c in text if unicodedata.category(c) == "Cf"})
    if hits:
        bad.append("%s: %s" % (where, " ".join(hits)))
for name in sorted(os.listdir(site)):
    path = os.path.join(site, name)
    if name.endswith(".mp3"):
        tag = ID3(path)
        for key, frame in tag.items():
            for text in getattr(frame, "text", []):
                check("%s %s" % (name, key), str(text))
            for sub in getattr(frame, "sub_frames", {}).values():
                for text in getattr(sub, "text", []):
                    check("%s %s/%s" % (name, key, sub.FrameID), str(text))
    elif name.endswith(".png"):
        continue  # the drawn cover: pixels, no text
    else:
        check(name, open(path, "rb").read().decode("utf-8"))
for b in bad:
    print("text_safety: " + b)
sys.exit(1 if bad else 0)
PYEOF

# 2. LRC: the sentence that starts with "[00:01.00]" stays one line of text; ffmpeg's LRC
# reader sees exactly the file's own line times and every sentence's words.
"$PY" - "$site/$id.lrc" <<'PYEOF' || fail "LRC text was read as markup"
import re, subprocess, sys
path = sys.argv[1]
own = []
for line in open(path, encoding="utf-8"):
    m = re.match(r"\[(\d+):(\d\d)\.(\d\d)\](.*)", line.rstrip("\n"))
    if m and m.group(4):
        own.append(((int(m.group(1)) * 60 + int(m.group(2))) * 100 + int(m.group(3)), m.group(4)))
srt = subprocess.run(["ffmpeg", "-v", "error", "-i", path, "-f", "srt", "-"],
                     capture_output=True, check=True).stdout.decode("utf-8")
cues = re.findall(r"(\d+):(\d\d):(\d\d),(\d\d)\d --> [^\n]*\n([^\n]*)", srt)
got = [((int(h) * 3600 + int(m) * 60 + int(s)) * 100 + int(cs), t) for h, m, s, cs, t in cues if t]
if [t for t, _ in got] != [t for t, _ in own]:
    sys.exit("ffmpeg reads cues at %s, the file has lines at %s" % ([t for t, _ in got], [t for t, _ in own]))
if not any("00:01.00" in t and "今天的消息" in t for _, t in got):
    sys.exit("the bracketed sentence lost its text: %s" % got)
print("LRC ok: %d lines" % len(got))
PYEOF

# 3. SRT: "<abc>" is not a tag to ffmpeg's SRT reader (it drops unknown tags).
ffmpeg -v error -i "$site/$id.srt" -f ass - >"$WORK/srt.ass" || fail "ffmpeg cannot read the SRT"
grep -q 'abc' "$WORK/srt.ass" || { grep Dialogue "$WORK/srt.ass" >&2; fail "SRT text in <...> was dropped by ffmpeg"; }
grep -q '｛\\b1｝' "$WORK/srt.ass" || fail "SRT text in {...} became markup"

# 4. Colliding ids: the suffix comes from the page's own path, whatever else is in the run.
mkdir -p "$WORK/a" "$WORK/b" "$WORK/c"
for d in a b c; do cp "$TB_SOURCE_DIR/tests/fault/tiny.txt" "$WORK/$d/01.txt"; done
ids() { "$TINGBAO" plan "$@" | "$PY" -c "import json,sys; print(' '.join(e['id'] for e in json.load(sys.stdin)['episodes']))"; }
(cd "$WORK" && ids a/01.txt b/01.txt) >"$WORK/ab"
(cd "$WORK" && ids c/01.txt b/01.txt) >"$WORK/cb"
(cd "$WORK" && ids ./b//01.txt c/01.txt) >"$WORK/bc"
read -r a1 b1 <"$WORK/ab"
read -r c2 b2 <"$WORK/cb"
read -r b3 c3 <"$WORK/bc"
[ "$a1" != "$b1" ] || fail "colliding pages got one id: $a1"
[ "$b1" = "$b2" ] && [ "$b2" = "$b3" ] || fail "b/01.txt's id depends on the other pages: $b1 $b2 $b3"
[ "$c2" = "$c3" ] || fail "c/01.txt's id depends on the other pages: $c2 $c3"
[ "$(cd "$WORK" && ids b/01.txt)" = "01" ] || fail "a page alone does not keep its plain id"
expect_exit 2 plan "$WORK/a/01.txt" "$WORK/a/01.txt"
grep -q "given twice" "$WORK/stderr" || fail "the same page twice: no clear error"
echo "ok: text safety"
