#!/usr/bin/env bash
# Command-line input and errors as an editor meets them: a page piped in with `-` and
# --name, a folder of pages as one edition, one line for every usage error, an unknown
# profile that lists the profiles there are.
source "$(dirname "$0")/lib.sh"
pages="$TB_SOURCE_DIR/tests/pages"

# A page from standard input: the episode is named by --name, the manifest says where it
# came from, and it is the same as the file rendered by name.
expect_exit 0 plan "$pages/kicker.txt"
cp "$WORK/stdout" "$WORK/file.json"
"$TINGBAO" plan --name kicker - <"$pages/kicker.txt" >"$WORK/stdin.json" 2>"$WORK/stderr" ||
    fail "plan - failed: $(cat "$WORK/stderr")"
$PY - "$WORK/file.json" "$WORK/stdin.json" <<'PY' || fail "a page from stdin is not the page"
import json, sys
a, b = (json.load(open(p))["episodes"][0] for p in sys.argv[1:])
assert b["id"] == "kicker" and b["source"] == "(stdin)", (b["id"], b["source"])
a.pop("source"), b.pop("source")
assert a == b
PY
cat "$pages/kicker.txt" | "$TINGBAO" render -o "$WORK/out" --name 早报 - 2>"$WORK/stderr" ||
    fail "render - failed: $(cat "$WORK/stderr")"
[ -f "$WORK/out/早报.json" ] || ls "$WORK/out" | grep -q '\.json$' || fail "no episode from stdin"

# A folder is an edition of its *.txt pages in name order (hidden files passed over).
mkdir -p "$WORK/ed"
cp "$pages/label.txt" "$WORK/ed/02.txt"
cp "$pages/kicker.txt" "$WORK/ed/01.txt"
cp "$pages/photo.txt" "$WORK/ed/.03.txt"
printf 'not a page\n' >"$WORK/ed/notes.md"
expect_exit 0 plan "$WORK/ed"
$PY - "$WORK/stdout" <<'PY' || fail "a folder is not read as its pages in order"
import json, sys
ids = [e["id"] for e in json.load(open(sys.argv[1]))["episodes"]]
assert ids == ["01", "02"], ids
PY
mkdir -p "$WORK/empty"
expect_exit 1 plan "$WORK/empty"
grep -q "no pages (\*.txt) in the folder" "$WORK/stderr" || fail "empty folder: $(cat "$WORK/stderr")"

# Usage errors: one line each, exit 2.
one_line() {
    local want=$1
    shift
    expect_exit 2 "$@"
    [ "$(wc -l <"$WORK/stderr")" -eq 1 ] || fail "'tingbao $*' printed more than one line: $(cat "$WORK/stderr")"
    grep -q -- "$want" "$WORK/stderr" || fail "'tingbao $*': expected '$want' in: $(cat "$WORK/stderr")"
}
one_line "unknown option '--bogus'" render --bogus "$pages/kicker.txt"
one_line "unknown option '-x'" plan -x "$pages/kicker.txt"
one_line "option '-j' needs a value" render -j
one_line "option '--title' needs a value" plan --title
one_line "unknown option '--nope'" publish --nope
one_line "unknown option '--x'" layout --x "$pages/kicker.txt"
one_line "unknown option '--x'" explain --x 你好
one_line "needs --name" plan - </dev/null
one_line "no '-' is given" plan --name x "$pages/kicker.txt"
one_line "given twice" plan --name x - - </dev/null
one_line "the profiles are: commute, rider, station" plan --profile jogger "$pages/kicker.txt"
echo ok
