#!/usr/bin/env bash
# Builds tingbao and runs the whole test suite with ctest: first the normal build, then
# (unless TB_SKIP_SANITIZE=1) the same suite under AddressSanitizer + UndefinedBehaviorSanitizer.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
jobs=$(nproc)

BUILD_DIR="$top/build" "$top/scripts/build.sh"
ctest --test-dir "$top/build" --output-on-failure -j "$jobs"

if [ "${TB_SKIP_SANITIZE:-0}" != 1 ]; then
    echo "== the same suite under ASan + UBSan ==" >&2
    BUILD_DIR="$top/build-asan" BUILD_TYPE=Debug "$top/scripts/build.sh" -DTB_SANITIZE=ON
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir "$top/build-asan" --output-on-failure -j "$jobs"
fi
