#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz/fuzz_*.c, clang, ASan + UBSan) into build-fuzz/
# and runs each for SECONDS (default 60), starting from our seed corpus
# (tests/fuzz/corpus/<target>/). Exits 1 if any target finds a crash, a leak or a
# broken round trip; the input that did it is saved as build-fuzz/crashes/<target>-crash-*.
#
#   scripts/fuzz.sh                   # every target, 60 s each
#   scripts/fuzz.sh 20                # the short run scripts/test.sh does in CI
#   scripts/fuzz.sh 3600 fuzz_id3     # one target for an hour
#
# The longer run (before a release, or overnight): `scripts/fuzz.sh 3600` (an hour per
# target) or `FUZZ_JOBS=2 scripts/fuzz.sh 28800` (8 hours, 2 processes per target). New
# inputs that reach new code pile up in build-fuzz/corpus/<target>/; merge the useful
# ones into the seed corpus with
#   build-fuzz/fuzz_X -merge=1 tests/fuzz/corpus/fuzz_X build-fuzz/corpus/fuzz_X
# A crash becomes a regression test by copying its input into tests/fuzz/corpus/<target>/
# (ctest's fuzz.<target> replays the whole corpus in a TB_FUZZ build) after fixing it.
set -euo pipefail
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=${BUILD_DIR:-$top/build-fuzz}
secs=${1:-60}
shift || true
targets=("$@")
if [ "${#targets[@]}" -eq 0 ]; then
    for f in "$top"/tests/fuzz/fuzz_*.c; do targets+=("$(basename "$f" .c)"); done
fi

cc=${FUZZ_CC:-$(command -v clang || command -v clang-14 || true)}
[ -n "$cc" ] || { echo "fuzz: clang is not installed (scripts/setup.sh installs it)" >&2; exit 77; }
CC=$cc cmake -S "$top" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DTB_FUZZ=ON >/dev/null
cmake --build "$build" -j "$(nproc)" --target tingbao_lex "${targets[@]}" >/dev/null

mkdir -p "$build/crashes"
failed=0
for t in "${targets[@]}"; do
    mkdir -p "$build/corpus/$t"
    log="$build/$t.log"
    rc=0
    # Finds go to build-fuzz/corpus/<target>; the seed corpus is read, never written.
    (cd "$build" && TB_BUILD_DIR="$build" ASAN_OPTIONS=detect_leaks=1 \
        "./$t" -max_total_time="$secs" -max_len=8192 -timeout=10 -rss_limit_mb=2048 \
        ${FUZZ_JOBS:+-jobs=$FUZZ_JOBS -workers=$FUZZ_JOBS} \
        -artifact_prefix="$build/crashes/$t-" -print_final_stats=1 \
        "corpus/$t" "$top/tests/fuzz/corpus/$t") >"$log" 2>&1 || rc=$?
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    if [ "$rc" -ne 0 ]; then
        echo "fuzz: $t FAILED (exit $rc) after ${execs:-?} runs; see $log" >&2
        grep -E "^(==[0-9]+==ERROR|SUMMARY|fuzz_|.*runtime error)" "$log" | head -n 5 >&2 || true
        failed=1
    else
        echo "fuzz: $t ok: ${execs:-?} runs in ${secs} s" >&2
    fi
done
exit "$failed"
