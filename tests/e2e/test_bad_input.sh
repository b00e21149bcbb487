#!/usr/bin/env bash
# Bad input: a one-line error naming the file (and position), exit 1, no output left behind.
# Usage errors exit 2.
source "$(dirname "$0")/lib.sh"
good="$TB_SOURCE_DIR/tests/pages/sample.txt"
out="$WORK/out"

one_line_error() {
    [ "$(wc -l <"$WORK/stderr")" -eq 1 ] || { cat "$WORK/stderr" >&2; fail "expected a one-line error"; }
    grep -q -- "$1" "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "error does not mention '$1'"; }
}
nothing_written() {
    if [ -d "$out" ] && [ -n "$(ls -A "$out")" ]; then fail "output left behind: $(ls -A "$out")"; fi
}

expect_exit 1 render -o "$out" "$WORK/missing.txt"
one_line_error "missing.txt"; nothing_written

head -c 3000 /bin/ls >"$WORK/binary.txt"
expect_exit 1 render -o "$out" "$WORK/binary.txt"
one_line_error "binary.txt"; grep -q "byte offset" "$WORK/stderr" || fail "no byte offset given"
nothing_written

printf '标题\n\n第一段正文。\xff\xfe第二句。\n' >"$WORK/latin1.txt"
expect_exit 1 render -o "$out" "$WORK/latin1.txt"
one_line_error "latin1.txt"; grep -q "byte offset 26 (line 3, column 7)" "$WORK/stderr" || fail "wrong position: $(cat "$WORK/stderr")"
nothing_written

: >"$WORK/empty.txt"
expect_exit 1 render -o "$out" "$WORK/empty.txt"
one_line_error "empty.txt"; nothing_written

# A bad second page stops the run before the good first page is written.
expect_exit 1 render -o "$out" "$good" "$WORK/empty.txt"
one_line_error "empty.txt"; nothing_written

# An output directory that cannot be made or written (a file stands where it should be).
: >"$WORK/a-file"
expect_exit 1 render -o "$WORK/a-file" "$good"
one_line_error "a-file"
expect_exit 1 render -o "$WORK/a-file/sub" "$good"
one_line_error "a-file/sub"

expect_exit 2 render
expect_exit 2 render --date 2024-13-01 "$good"
expect_exit 2 render --no-such-option "$good"
expect_exit 2 no-such-command
expect_exit 0 render --help
grep -q "usage: tingbao render" "$WORK/stdout" || fail "render --help"
expect_exit 0 --version
grep -q "^tingbao " "$WORK/stdout" || fail "--version"
echo "ok"
