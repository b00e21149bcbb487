#!/usr/bin/env bash
# Kills renders at 30 pseudo-random moments (SIGINT, SIGTERM and SIGKILL) into one output
# directory, and checks after each: the exit code (130, 143, 137, or 0 if
# the run finished first), no temporary file left by INT/TERM, and every episode,
# manifest and published file present byte-identical to a complete run's: a killed run
# never leaves a partial or corrupt file, nor a broken cache entry that a later run would
# use (the cache is shared by the runs; every fourth starts cold). After SIGKILL a temporary "DIR/.NAME.tmp.PID" can remain (nothing runs at SIGKILL);
# a final clean run must still produce exactly the reference files.
# TB_KILL_RUNS overrides the number of kills; RANDOM is seeded, so the moments repeat.
source "$(dirname "$0")/lib.sh"
pages=("$TB_SOURCE_DIR/tests/pages/sections.txt" "$TB_SOURCE_DIR/tests/pages/sidebar.txt")
args=(render --date 2024-03-08 --publish --base-url https://example.org/paper/)
out="$WORK/out"
export XDG_CACHE_HOME="$WORK/cache"

# The reference: a complete run with its own cold cache, and how long it takes.
start=$(date +%s%N)
XDG_CACHE_HOME="$WORK/refcache" expect_exit 0 "${args[@]}" -o "$WORK/ref" "${pages[@]}"
ms=$((($(date +%s%N) - start) / 1000000))
[ -s "$WORK/ref/sidebar.mp3" ] && [ -s "$WORK/ref/feed.xml" ] || fail "the reference run made no episode or feed"

# Every file in $1 (but SIGKILL's leftovers) equals the reference's: no lock file, no
# settings file, nothing but the promised files (a file of another kind fails too).
check_complete() {
    local dir=$1 what=$2 f name
    [ -z "$(find "$dir" ! -type f ! -type d)" ] || fail "$what: not a file: $(find "$dir" ! -type f ! -type d)"
    while IFS= read -r -d '' f; do
        name=${f#"$dir"/}
        case $name in
            .*.tmp.*)
                # only a SIGKILLed run may leave one behind
                [[ " $killed " == *" ${name##*.} "* ]] && continue
                fail "$what: temporary file $name left" ;;
        esac
        [ -f "$WORK/ref/$name" ] || fail "$what: unexpected file $name"
        cmp -s "$f" "$WORK/ref/$name" || fail "$what: $name is partial or corrupt"
    done < <(find "$dir" -type f -print0)
}

RANDOM=10
runs=${TB_KILL_RUNS:-30}
killed=""
for ((i = 1; i <= runs; i++)); do
    case $((i % 3)) in 0) sig=KILL ;; 1) sig=INT ;; 2) sig=TERM ;; esac
    # a moment anywhere in the run, a little past its usual end too
    delay_ms=$((RANDOM % (ms + ms / 5 + 1)))
    [ $((i % 4)) -ne 0 ] || rm -rf "$XDG_CACHE_HOME"
    "$TINGBAO" "${args[@]}" -o "$out" "${pages[@]}" >/dev/null 2>"$WORK/err" &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay_ms / 1000)) $((delay_ms % 1000)))"
    kill -s "$sig" "$pid" 2>/dev/null || true
    code=0
    wait "$pid" || code=$?
    case "$sig:$code" in
        INT:130 | TERM:143 | KILL:137 | *:0) ;;
        *) cat "$WORK/err" >&2; fail "run $i: SIG$sig after ${delay_ms} ms: exit $code" ;;
    esac
    [ "$sig" != KILL ] || killed="$killed $pid"
    check_complete "$out" "run $i (SIG$sig after ${delay_ms} ms, exit $code)"
    if [ -d "$XDG_CACHE_HOME" ]; then
        while IFS= read -r f; do
            [[ " $killed " == *" ${f##*.} "* ]] || fail "run $i: temporary $f left in the cache"
        done < <(find "$XDG_CACHE_HOME" -name '.*.tmp.*')
    fi
done
stale=$(find "$out" -name '.*.tmp.*' | wc -l)

# A clean run afterwards (with the cache and the leftovers of the killed runs) makes
# exactly the reference files.
expect_exit 0 "${args[@]}" -o "$out" "${pages[@]}"
check_complete "$out" "the run after the kills"
for f in "$WORK/ref"/*; do
    [ -e "$out/$(basename "$f")" ] || fail "the run after the kills made no $(basename "$f")"
done
left=$(find "$out" -name '.*.tmp.*' | wc -l)
if [ "$left" -gt 0 ]; then
    echo "NOTE: $left temporaries of SIGKILLed runs remain in the output directory (of $stale)" >&2
fi
echo "ok: $runs kills (run time ${ms} ms), no partial output"
