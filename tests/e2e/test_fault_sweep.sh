#!/usr/bin/env bash
# Fault injection: renders a tiny page with the Nth allocation, the Nth write-side call or
# the Nth synthesis call failing, for every N the render makes (tests/fault/fault.c). Each
# time: exit 1 with one clean line "tingbao: ..." (no crash, abort, sanitizer report or
# leak: the fault build has ASan + UBSan), no temporary file left, and every file present
# is complete (byte-identical to a good run's); a run the fault did not stop must exit 0
# with complete files. Needs the fault build: scripts/test.sh makes it in build-fault/
# (cmake -DTB_FAULT_INJECTION=ON -DTB_SANITIZE=ON); FAULT_TINGBAO overrides the path.
source "$(dirname "$0")/lib.sh"
prog=${FAULT_TINGBAO:-$TB_SOURCE_DIR/build-fault/tingbao}
[ -x "$prog" ] || skip "no fault-injection build at $prog (scripts/test.sh builds build-fault/)"
page="$TB_SOURCE_DIR/tests/fault/tiny.txt"
rargs=(render --date 2024-03-08)
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99 UBSAN_OPTIONS=halt_on_error=1:exitcode=98
unset TB_FAIL_ALLOC TB_FAIL_WRITE TB_FAIL_SYNTH TB_FAULT_COUNT
# Every run starts with an empty cache of rendered articles of its own, so every run
# makes the same calls (and the cache's writes are swept too).
export XDG_CACHE_HOME="$WORK/cache"

# A good run: the reference files, and how many calls of each kind it makes.
rm -rf "$XDG_CACHE_HOME"
TB_FAULT_COUNT=1 "$prog" "${rargs[@]}" -o "$WORK/ref" "$page" 2>"$WORK/count" >/dev/null ||
    { cat "$WORK/count" >&2; fail "the fault build cannot render $page"; }
read -r nalloc nwrite < <(sed -n 's/^fault: alloc \([0-9]*\) write \([0-9]*\)$/\1 \2/p' "$WORK/count")
[ -n "$nalloc" ] || fail "no call counts from the fault build"

runs=0
# $1 = TB_FAIL_ALLOC | TB_FAIL_WRITE | TB_FAIL_SYNTH, $2 = N. Returns the exit code.
one_run() {
    local var=$1 n=$2 out="$WORK/out" code=0 f
    rm -rf "$out" "$XDG_CACHE_HOME"
    env "$var=$n" "$prog" "${rargs[@]}" -o "$out" "$page" >/dev/null 2>"$WORK/err" || code=$?
    runs=$((runs + 1))
    case $code in
        0) ;;
        1)
            [ "$(wc -l <"$WORK/err")" -eq 1 ] && grep -q '^tingbao: ' "$WORK/err" ||
                { cat "$WORK/err" >&2; fail "$var=$n: not one clean error line"; } ;;
        *) head -n 30 "$WORK/err" >&2; fail "$var=$n: exit $code (crash, abort or sanitizer report)" ;;
    esac
    if grep -qE 'Sanitizer|runtime error|Assertion|Aborted' "$WORK/err"; then
        cat "$WORK/err" >&2; fail "$var=$n: sanitizer report"
    fi
    [ ! -d "$XDG_CACHE_HOME" ] || assert_no_temp_files "$XDG_CACHE_HOME"
    if [ -d "$out" ]; then
        assert_no_temp_files "$out"
        for f in "$out"/*; do
            [ -e "$f" ] || continue
            cmp -s "$f" "$WORK/ref/$(basename "$f")" ||
                fail "$var=$n (exit $code): $(basename "$f") is partial or differs from a good run's"
        done
    fi
    if [ "$code" -eq 0 ]; then
        for f in "$WORK/ref"/*; do
            [ -e "$out/$(basename "$f")" ] || fail "$var=$n: exit 0 but $(basename "$f") is missing"
        done
    fi
    return "$code"
}

# Every N up to the count (a tiny page keeps this to a few hundred runs); one past the
# end must succeed.
for ((n = 1; n <= nalloc; n++)); do one_run TB_FAIL_ALLOC "$n" || true; done
for ((n = 1; n <= nwrite; n++)); do one_run TB_FAIL_WRITE "$n" || true; done
one_run TB_FAIL_ALLOC $((nalloc + 1)) || fail "TB_FAIL_ALLOC past the last allocation failed"
one_run TB_FAIL_WRITE $((nwrite + 1)) || fail "TB_FAIL_WRITE past the last write failed"
nsynth=0
for ((n = 1; n <= 200; n++)); do
    if one_run TB_FAIL_SYNTH "$n"; then break; fi
    nsynth=$n
done
[ "$nsynth" -gt 0 ] || fail "no synthesis failure was injected (is the speech.c hook built in?)"

# A failed run into a directory holding a good episode never leaves a worse one there:
# every file of the good episode is still there, unchanged.
keep_strict=${TB_FAULT_KEEP_STRICT:-1}
removed=0
for var in TB_FAIL_WRITE TB_FAIL_SYNTH; do
    last=$nwrite
    [ "$var" = TB_FAIL_SYNTH ] && last=$nsynth
    for ((n = 1; n <= last; n++)); do
        rm -rf "$WORK/keep" "$XDG_CACHE_HOME" && cp -r "$WORK/ref" "$WORK/keep"
        code=0
        env "$var=$n" "$prog" "${rargs[@]}" -o "$WORK/keep" "$page" >/dev/null 2>"$WORK/err" || code=$?
        runs=$((runs + 1))
        [ "$code" -le 1 ] || { cat "$WORK/err" >&2; fail "$var=$n over a good episode: exit $code"; }
        assert_no_temp_files "$WORK/keep"
        for f in "$WORK/ref"/*; do
            g="$WORK/keep/$(basename "$f")"
            if [ ! -e "$g" ]; then
                [ "$keep_strict" = 1 ] && fail "$var=$n: the good $(basename "$f") was removed"
                removed=$((removed + 1))
            elif ! cmp -s "$f" "$g"; then
                fail "$var=$n over a good episode: $(basename "$f") was replaced by a different file"
            fi
        done
    done
done
[ "$removed" -eq 0 ] || fail "$removed failed runs removed a good episode file of an earlier run"
# publish over the rendered episode: the feed, page, transcripts and chapter files.
pubargs=(publish --base-url https://example.org/paper/)
rm -rf "$WORK/pubref" && cp -r "$WORK/ref" "$WORK/pubref"
TB_FAULT_COUNT=1 "$prog" "${pubargs[@]}" -o "$WORK/pubref" 2>"$WORK/count" >/dev/null ||
    { cat "$WORK/count" >&2; fail "the fault build cannot publish"; }
read -r palloc pwrite < <(sed -n 's/^fault: alloc \([0-9]*\) write \([0-9]*\)$/\1 \2/p' "$WORK/count")
# $1 = variable, $2 = N, $3 = the directory to start from (episode only, or all published)
one_publish() {
    local var=$1 n=$2 dir="$WORK/pub" code=0 f
    rm -rf "$dir" && cp -r "$3" "$dir"
    env "$var=$n" "$prog" "${pubargs[@]}" -o "$dir" >/dev/null 2>"$WORK/err" || code=$?
    runs=$((runs + 1))
    case $code in
        0) ;;
        1) [ "$(wc -l <"$WORK/err")" -eq 1 ] && grep -q '^tingbao: ' "$WORK/err" ||
            { cat "$WORK/err" >&2; fail "publish $var=$n: not one clean error line"; } ;;
        *) head -n 30 "$WORK/err" >&2; fail "publish $var=$n: exit $code (crash or sanitizer report)" ;;
    esac
    assert_no_temp_files "$dir"
    for f in "$dir"/*; do
        cmp -s "$f" "$WORK/pubref/$(basename "$f")" ||
            fail "publish $var=$n (exit $code): $(basename "$f") is partial or differs"
    done
    for f in "$WORK/pubref"/*; do
        [ "$code" -ne 0 ] || [ -e "$dir/$(basename "$f")" ] ||
            fail "publish $var=$n: exit 0 but $(basename "$f") is missing"
    done
}
for ((n = 1; n <= palloc; n++)); do one_publish TB_FAIL_ALLOC "$n" "$WORK/ref"; done
for ((n = 1; n <= pwrite; n++)); do
    one_publish TB_FAIL_WRITE "$n" "$WORK/ref"
    one_publish TB_FAIL_WRITE "$n" "$WORK/pubref"
done
echo "ok: $runs runs ($nalloc allocations, $nwrite writes, $nsynth synthesis calls swept in render; $palloc allocations, $pwrite writes in publish)"
