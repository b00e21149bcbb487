#!/usr/bin/env bash
# --layout-hints FILE: a paper's own box labels, column labels and furniture patterns change
# the structure as documented (docs/layout.md); read_bylines = yes reads the bylines; bad
# hint files are refused with one line naming the file and line, exit 2, nothing written.
source "$(dirname "$0")/lib.sh"
page="$TB_SOURCE_DIR/tests/pages/health_weekly.txt"
hints="$TB_SOURCE_DIR/tests/pages/health_weekly.hints"

expect_exit 0 plan "$page"
cp "$WORK/stdout" "$WORK/plain.json"
expect_exit 0 plan --layout-hints "$hints" "$page"
cp "$WORK/stdout" "$WORK/hinted.json"
$PY - "$WORK/plain.json" "$WORK/hinted.json" <<'PY' || fail "the hints did not change the layout as documented"
import json, sys
plain = json.load(open(sys.argv[1]))["episodes"][0]
hint = json.load(open(sys.argv[2]))["episodes"][0]
# without hints: the unlisted box label is a subhead read in place, the producer's line
# is a heading, the column label a kicker
a = plain["articles"][0]
assert not a["asides"], a["asides"]
assert any(p["subhead"] == "医生叮嘱" and not p.get("aside") for p in a["paragraphs"])
assert not any(n["text"].startswith("江川健康报社") for n in plain["furniture"])
# with them: an aside after the body, a label, furniture
a = hint["articles"][0]
assert [x["label"] for x in a["asides"]] == ["医生叮嘱"], a["asides"]
assert a["label"] == "健康周刊" and a["title"] == "冬季养生,先把觉睡好", (a["label"], a["title"])
assert [n["kind"] for n in hint["furniture"] if n["text"].startswith("江川健康报社")] == ["hint"]
assert len(hint["articles"]) == 2 and hint["articles"][1]["title"] == "社区医院开设“睡眠课堂”"
PY
$PY "$E2E/check_layout.py" "$page" "$WORK/hinted.json" || fail "hinted layout breaks an invariant"

# read_bylines = yes: the byline is read before the body
printf 'read_bylines = yes\n' >"$WORK/read.hints"
expect_exit 0 plan --layout-hints "$WORK/read.hints" "$page"
$PY - "$WORK/stdout" <<'PY' || fail "read_bylines = yes did not read the bylines"
import json, sys
a = json.load(open(sys.argv[1]))["episodes"][0]["articles"][0]
assert "本报记者 沈一" in [s["text"] for s in a["heading"]], a["heading"]
PY

# A byte-order mark and comments are fine.
printf '\xef\xbb\xbf# hints\naside = 医生叮嘱   # the box\n' >"$WORK/bom.hints"
expect_exit 0 plan --layout-hints "$WORK/bom.hints" "$page"

# Errors: one line naming file and line, exit 2, no output directory made.
bad() {
    local want=$1
    shift
    expect_exit 2 render -o "$WORK/out" --layout-hints "$@" "$page"
    [ "$(wc -l <"$WORK/stderr")" -eq 1 ] || fail "more than one line for a bad hints file: $(cat "$WORK/stderr")"
    grep -q -- "$want" "$WORK/stderr" || fail "expected '$want' in: $(cat "$WORK/stderr")"
    [ ! -e "$WORK/out" ] || fail "a bad hints file still created the output directory"
}
printf 'aside = 医生叮嘱\nboxes = 链接\n' >"$WORK/unknown.hints"
bad "unknown.hints:2: unknown key 'boxes'" "$WORK/unknown.hints"
printf 'read_bylines = maybe\n' >"$WORK/value.hints"
bad "value.hints:1: key 'read_bylines'" "$WORK/value.hints"
printf 'aside\n' >"$WORK/noeq.hints"
bad "noeq.hints:1: expected 'key = value'" "$WORK/noeq.hints"
bad "not a regular file" "$WORK"
bad "missing.hints: No such file" "$WORK/missing.hints"
head -c 300000 /dev/zero | tr '\0' '#' >"$WORK/big.hints"
bad "more than the 262144-byte limit" "$WORK/big.hints"
mkfifo "$WORK/fifo.hints"
timeout 10 "$TINGBAO" plan --layout-hints "$WORK/fifo.hints" "$page" >/dev/null 2>"$WORK/stderr" && fail "a FIFO was read as hints"
[ $? -ne 124 ] || fail "a FIFO as hints file hangs"
grep -q "not a regular file" "$WORK/stderr" || fail "FIFO: $(cat "$WORK/stderr")"
echo ok
