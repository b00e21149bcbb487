#!/usr/bin/env bash
# Odd input (issue 10): other encodings, stray bytes, malformed UTF-8, very long lines and
# sentences, brackets, pages with no punctuation or no Chinese, empty articles, size
# limits. Bad input: exit 1 and exactly the one-line message below, nothing written.
# Odd but readable input: rendered (or planned, for the big ones) with exit 0.
source "$(dirname "$0")/lib.sh"
out="$WORK/out"
cd "$WORK"

# $1 = expected exit code, $2 = the exact stderr, then the arguments.
expect_message() {
    local code=$1 want=$2
    shift 2
    rm -rf "$out"
    expect_exit "$code" "$@"
    [ "$(cat "$WORK/stderr")" = "$want" ] || {
        printf 'got:  %s\nwant: %s\n' "$(cat "$WORK/stderr")" "$want" >&2
        fail "wrong message for tingbao $*"
    }
    if [ -d "$out" ] && [ -n "$(ls -A "$out")" ]; then fail "output left behind: $(ls -A "$out")"; fi
}
# Renders $1 and checks that an episode with its manifest came out.
renders() {
    rm -rf "$out"
    expect_exit 0 render -o "$out" "$@"
    local id
    id=$(basename "${@: -1}" .txt)
    [ -s "$out/$id.mp3" ] && [ -s "$out/$id.json" ] || fail "render $* made no episode"
}
# Every sentence of the plan, one per line (printed text).
sentences() {
    "$PY" -c '
import json, sys
for e in json.load(sys.stdin)["episodes"]:
    for a in e["articles"]:
        for p in a["paragraphs"]:
            for s in p["sentences"]:
                print(s["text"])' <"$WORK/stdout"
}

# --- encodings ---------------------------------------------------------------------
# 新闻标题 / 这是国标编码的正文。 in GB18030 (GBK)
printf '\xd0\xc2\xce\xc5\xb1\xea\xcc\xe2\n\n\xd5\xe2\xca\xc7\xb9\xfa\xb1\xea\xb1\xe0\xc2\xeb\xb5\xc4\xd5\xfd\xce\xc4\xa1\xa3\n' >gbk.txt
expect_message 1 "tingbao: gbk.txt: byte offset 0 (line 1, column 1): invalid UTF-8 (byte 0xD0, a lead byte without its continuation bytes); pages must be UTF-8 text; the bytes read cleanly as GB18030 (GBK, GB2312): try --encoding gb18030" \
    render -o "$out" gbk.txt
renders --encoding gb18030 gbk.txt
grep -q '"title": "新闻标题"' "$out/gbk.json" || fail "the GB18030 page's title was not read"
expect_exit 0 plan --encoding GBK gbk.txt
[ "$(sentences)" = "这是国标编码的正文。" ] || fail "GBK page read as: $(sentences)"

# a byte no GB18030 character starts with
printf '\xd0\xc2\xce\xc5\n\n\xd5\xe2\xff\xa1\xa3\n' >badgb.txt
expect_message 1 "tingbao: badgb.txt: byte offset 8 (line 3, column 2): invalid character (byte 0xFF) in gb18030" \
    render --encoding gb18030 -o "$out" badgb.txt
expect_message 2 "tingbao render: --encoding: unknown encoding 'klingon' (try gb18030, gbk, big5, utf-16) (see 'tingbao render --help')" render --encoding klingon -o "$out" gbk.txt

# UTF-16LE without a byte order mark, as some Windows tools save "Unicode" text
printf 'Headline\n\nA story without any Chinese at all.\n' | iconv -f UTF-8 -t UTF-16LE >utf16.txt
expect_message 1 "tingbao: utf16.txt: byte offset 1 (line 1, column 2): 46 NUL bytes; this is not a UTF-8 text file (UTF-16LE? try --encoding utf-16le)" \
    render -o "$out" utf16.txt
expect_exit 0 plan --encoding utf-16le utf16.txt

# --- malformed UTF-8 ---------------------------------------------------------------
printf '标题\n\n正文\xed\xa0\x80一句。\xff\n' >surrogate.txt
expect_message 1 "tingbao: surrogate.txt: byte offset 14 (line 3, column 3): invalid UTF-8 (byte 0xED, a UTF-16 surrogate, as CESU-8 writes them); pages must be UTF-8 text" \
    render -o "$out" surrogate.txt
printf '标题\n\n正文\xc0\xaf一句。\xff\n' >overlong.txt
expect_message 1 "tingbao: overlong.txt: byte offset 14 (line 3, column 3): invalid UTF-8 (byte 0xC0, an overlong encoding); pages must be UTF-8 text" \
    render -o "$out" overlong.txt
# a file cut short in the middle of a character (a half-copied file)
printf '标题\n\n正文一句\xe4\xb8' >cut.txt
expect_message 1 "tingbao: cut.txt: byte offset 20 (line 3, column 5): invalid UTF-8 (byte 0xE4, an incomplete character at the end of the file: cut short?); pages must be UTF-8 text" \
    render -o "$out" cut.txt

# --- stray bytes: a NUL and control characters are dropped -------------------------
printf '标题\n\n正文\x00一句\x01话，\x1b[0m第二\x7f部分。\n' >controls.txt
expect_exit 0 plan controls.txt
[ "$(sentences)" = "正文一句话,[0m第二部分。" ] || fail "controls kept or text lost: $(sentences)"
renders controls.txt

# --- size limits -------------------------------------------------------------------
truncate -s $((64 * 1024 * 1024 + 1)) huge.txt
expect_message 1 "tingbao: huge.txt: 67108865 bytes is larger than the 67108864-byte (64 MiB) page limit" \
    render -o "$out" huge.txt
rm -f huge.txt

# --- shapes that used to be slow or odd ---------------------------------------------
chars=的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样
# one line of 2 MB (one paragraph, 200,000 clauses): planned in linear time
"$PY" -c 'import sys; sys.stdout.write("标题\n\n" + "这是一个很长的行，" * 200000 + "完。\n")' >longline.txt
start=$(date +%s)
expect_exit 0 plan longline.txt
[ $(($(date +%s) - start)) -lt 30 ] || fail "planning a 2 MB line took more than 30 s"
# a sentence of 5,000 characters with no mark in it: cut into chunks and rendered
"$PY" -c '
import sys
c = sys.argv[1]
sys.stdout.write("长句\n\n" + "".join(c[(i * 7) % len(c)] for i in range(5000)) + "。\n")' "$chars" >sentence5000.txt
renders sentence5000.txt
"$PY" - "$out/sentence5000.json" <<'PYEOF' || fail "the 5,000-character sentence was not read whole"
import json, sys
m = json.load(open(sys.argv[1]))
s = [s for a in m["episodes"][0]["articles"] for p in a["paragraphs"] for s in p["sentences"]]
assert len(s) == 1 and len(s[0]["text"]) == 5001, [len(x["text"]) for x in s]
assert s[0]["end_ms"] - s[0]["start_ms"] > 300000, s[0]["end_ms"] - s[0]["start_ms"]
PYEOF
# deep and unbalanced brackets and quotes
"$PY" -c 'import sys; sys.stdout.write("括号\n\n" + "（" * 300 + "“" * 300 + "《" * 200 + "正文" + "》" * 50 + "”" * 10 + "。右括号多）））」」』。\n")' >brackets.txt
renders brackets.txt
# no punctuation at all, over several lines
"$PY" -c '
import sys
c = sys.argv[1]
sys.stdout.write("无标点标题\n\n" + "\n".join("".join(c[(i * 13 + j) % len(c)] for j in range(60)) for i in range(10)) + "\n")' "$chars" >nopunct.txt
renders nopunct.txt
# a page of only numbers, and one of only Latin text
printf '2024\n\n12345 67890\n3.14159 2.71828\n100%% 50%% 25%%\n1/2 3/4\n' >numbers.txt
renders numbers.txt
printf 'Morning Edition\n\nThe city opened three new parks on Monday. Residents said they were pleased.\n' >latin.txt
renders latin.txt

# --- empty articles ------------------------------------------------------------------
# headlines with no body are read as what there is
printf '要闻\n\n标题一\n\n标题二\n' >heads.txt
renders heads.txt
printf '。。。，，，！\n\n“”《》（）\n' >onlymarks.txt
expect_exit 1 render -o "$out" onlymarks.txt
grep -q "onlymarks.txt: no text to read on the page$" "$WORK/stderr" || fail "marks only: $(cat "$WORK/stderr")"
printf '## 第一版\n\n## 第二版\n\n正文一句。\n' >emptysection.txt
expect_exit 1 render -o "$out" emptysection.txt
grep -q "emptysection.txt: section 1 (\"第一版\") has no article to read$" "$WORK/stderr" || fail "empty section: $(cat "$WORK/stderr")"
echo "ok"
