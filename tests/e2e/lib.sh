# Shared by the end-to-end tests (sourced). ctest sets TINGBAO, TB_SOURCE_DIR, TB_BUILD_DIR.
set -euo pipefail
: "${TINGBAO:?run through ctest, or set TINGBAO to the built program}"
: "${TB_SOURCE_DIR:=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
# Debian's python3 (with python3-mutagen); a python3 earlier on PATH may lack it.
PY=/usr/bin/python3
E2E="$TB_SOURCE_DIR/tests/e2e"
WORK=$(mktemp -d "${TMPDIR:-/tmp}/tingbao-e2e.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
# Leaks of libraries we cannot fix (fontconfig's configuration) are not ours: see the file.
export LSAN_OPTIONS="suppressions=$TB_SOURCE_DIR/tests/lsan.supp:print_suppressions=0${LSAN_OPTIONS:+:$LSAN_OPTIONS}"
# Every test gets its own cache of rendered pieces, never the user's.
export XDG_CACHE_HOME="$WORK/cache"

# TB_KEEP_GOING=1 reports every failed check and goes on (a run then always ends as if it
# passed): for showing, against an older build, each reproducer a test holds.
fail() { echo "FAIL: $*" >&2; [ "${TB_KEEP_GOING:-0}" = 1 ] && return 0; exit 1; }
skip() { echo "SKIP: $*" >&2; exit 77; }
need() { command -v "$1" >/dev/null 2>&1 || skip "$1 is not installed (scripts/setup.sh installs it)"; }

# The real page lives outside the repository, beside it in ../shared.
REAL_PAGE="$TB_SOURCE_DIR/../shared/pages/000_cfd36969d01181c9.txt"

# Runs the program, expecting exit code $1; stderr goes to $WORK/stderr.
expect_exit() {
    local want=$1 got=0
    shift
    "$TINGBAO" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || got=$?
    [ "$got" -eq "$want" ] || { cat "$WORK/stderr" >&2; fail "tingbao $* exited $got, expected $want"; }
}

# No temporary or partial files may be left in a directory.
assert_no_temp_files() {
    local left
    left=$(find "$1" -name '.*.tmp.*' 2>/dev/null | head -n 5)
    [ -z "$left" ] || fail "temporary files left behind: $left"
}
