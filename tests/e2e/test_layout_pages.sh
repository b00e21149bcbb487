#!/usr/bin/env bash
# Layout on pages of many papers: every test page (tests/pages/*.txt) is planned and checked
# by tests/e2e/check_layout.py: nothing printed lost, no furniture, credit, continuation
# note, bullet or box label read or used as a title; pages with an expected structure
# (NAME.expect, written by hand before the program ran) must match it. The real page gets
# the same invariants. `tingbao layout` must explain every printed line.
source "$(dirname "$0")/lib.sh"

pages=0
for page in "$TB_SOURCE_DIR"/tests/pages/*.txt; do
    name=$(basename "$page" .txt)
    expect_exit 0 plan "$page"
    cp "$WORK/stdout" "$WORK/$name.json"
    args=("$page" "$WORK/$name.json")
    [ -f "${page%.txt}.expect" ] && args+=("${page%.txt}.expect")
    $PY "$E2E/check_layout.py" "${args[@]}" || fail "layout of $name is not as expected"
    pages=$((pages + 1))
done
[ "$pages" -ge 12 ] || fail "only $pages test pages found"
nexpect=$(ls "$TB_SOURCE_DIR"/tests/pages/*.expect | wc -l)
[ "$nexpect" -ge 6 ] || fail "only $nexpect pages with an expected structure"

# The explanation: one row per printed line, each with a role; furniture says its kind.
page="$TB_SOURCE_DIR/tests/pages/party_front.txt"
expect_exit 0 layout "$page"
$PY - "$page" "$WORK/stdout" <<'PY' || fail "tingbao layout does not explain every line"
import re, sys
page, out = sys.argv[1], open(sys.argv[2], encoding="utf-8").read().splitlines()
printed = {i + 1 for i, l in enumerate(open(page, encoding="utf-8").read().split("\n")) if l.strip()}
rows = [l for l in out if re.match(r"^ *\d+  \S", l)]
seen = {int(l.split()[0]) for l in rows}
missing = printed - seen
assert not missing, f"lines without a role: {sorted(missing)[:10]}"
roles = " ".join(rows)
for role in ("furniture: date", "furniture: footer", "furniture: continuation", "kicker",
             "title", "subtitle", "label", "box label (summary", "byline"):
    assert role in roles, f"no line with the role {role!r}"
assert any(l.strip().startswith("(") for l in out), "no reasons printed"
PY

if [ -f "$REAL_PAGE" ]; then
    expect_exit 0 plan "$REAL_PAGE"
    cp "$WORK/stdout" "$WORK/real.json"
    $PY "$E2E/check_layout.py" "$REAL_PAGE" "$WORK/real.json" || fail "layout of the real page"
    expect_exit 0 layout "$REAL_PAGE"
else
    echo "note: $REAL_PAGE not found; the real page's layout is not checked here" >&2
fi
echo "ok: $pages pages, $nexpect with an expected structure"
