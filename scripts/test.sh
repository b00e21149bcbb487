#!/usr/bin/env bash
# Builds tingbao and runs the whole test suite with ctest: first the normal build, then
# (unless TB_SKIP_SANITIZE=1) the same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=$(nproc)

# The house style first: the whole tree is as clang-format (.clang-format) writes it.
if command -v clang-format >/dev/null 2>&1; then
    (cd "$top" && git ls-files -z 'src/*.[ch]' 'tools/*.[ch]' 'tests/*.[ch]' 2>/dev/null |
        xargs -0 -r clang-format --dry-run --Werror) ||
        { echo "test: the files above are not clang-formatted (clang-format -i FILE)" >&2; exit 1; }
else
    echo "SKIP: style check: clang-format is not installed (scripts/setup.sh installs it)" >&2
fi
BUILD_DIR="$top/build" "$top/scripts/build.sh"
# The fault-injection variant (ASan, Nth allocation/write/synthesis fails) for
# tests/e2e/test_fault_sweep.sh, which skips when it is absent.
BUILD_DIR="$top/build-fault" BUILD_TYPE=Debug "$top/scripts/build.sh" -DTB_SANITIZE=ON -DTB_FAULT_INJECTION=ON
ctest --test-dir "$top/build" --output-on-failure -j "$jobs"

if [ "${TB_SKIP_SANITIZE:-0}" != 1 ]; then
    echo "== the same suite under ASan + UBSan ==" >&2
    BUILD_DIR="$top/build-asan" BUILD_TYPE=Debug "$top/scripts/build.sh" -DTB_SANITIZE=ON
    LSAN_OPTIONS="suppressions=$top/tests/lsan.supp:print_suppressions=0" \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$top/build-asan" --output-on-failure -j "$jobs" \
        -E '^e2e\.test_fault_sweep$' # it runs build-fault/ (already ASan) whatever the build
fi

# A short fuzz run: every libFuzzer target for 20 s from our seed corpus; any crash fails.
if [ "${TB_SKIP_FUZZ:-0}" != 1 ]; then
    if command -v clang >/dev/null 2>&1; then
        echo "== fuzzing, 20 s per target ==" >&2
        "$top/scripts/fuzz.sh" "${TB_FUZZ_SECONDS:-20}"
    else
        echo "SKIP: fuzzing: clang is not installed (scripts/setup.sh installs it)" >&2
    fi
fi
