#!/usr/bin/env bash
# Stopping a render (SIGINT, SIGTERM) at several moments: exit 130/143, no temporary file left,
# and an episode from an earlier run is never replaced by a partial one.
source "$(dirname "$0")/lib.sh"
page="$TB_SOURCE_DIR/tests/pages/sample.txt"
out="$WORK/out"

expect_exit 0 render -o "$out" "$page"
cp "$out/sample.mp3" "$WORK/good.mp3"

for delay in 0.05 0.3 0.8 1.5; do
    for sig in INT TERM; do
        "$TINGBAO" render -o "$out" "$page" 2>/dev/null &
        pid=$!
        sleep "$delay"
        kill -s "$sig" "$pid" 2>/dev/null || true
        code=0
        wait "$pid" || code=$?
        case "$sig:$code" in
            INT:130 | TERM:143 | *:0) ;;
            *) fail "render stopped by SIG$sig after ${delay}s exited $code" ;;
        esac
        assert_no_temp_files "$out"
        cmp -s "$out/sample.mp3" "$WORK/good.mp3" || fail "the earlier episode was replaced after SIG$sig"
    done
done
# SIGKILL gives no chance to clean up: the next run into the directory removes what a dead
# run left, and leaves alone what a live one is writing.
true &
dead=$!
wait "$dead"
: >"$out/.sample.mp3.tmp.$dead"
: >"$out/.sample.json.tmp.$$"
expect_exit 0 render -o "$out" "$page"
[ ! -e "$out/.sample.mp3.tmp.$dead" ] || fail "a dead run's temporary was left"
[ -e "$out/.sample.json.tmp.$$" ] || fail "a live writer's temporary was removed"
rm -f "$out/.sample.json.tmp.$$"
echo "ok"
