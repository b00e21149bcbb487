#!/usr/bin/env bash
# A stop by signal between the renames of files that belong together (issue 15): the fault
# build raises SIGTERM right after the Nth rename (TB_SIGNAL_AT_RENAME=N, tests/fault/fault.c),
# as a Ctrl-C landing there would. For every N, over the previous run's files: the run
# exits 143 (or 0 once N is past its last rename), no temporary is left, and each set of
# files (an episode with its cue sheet and manifest; the numbered layout's files; a whole
# publish) is all old or all new, never a new episode beside an old manifest.
source "$(dirname "$0")/lib.sh"
prog=${FAULT_TINGBAO:-$TB_SOURCE_DIR/build-fault/tingbao}
[ -x "$prog" ] || skip "no fault-injection build at $prog (scripts/test.sh builds build-fault/)"
tiny="$TB_SOURCE_DIR/tests/fault/tiny.txt"
export ASAN_OPTIONS=detect_leaks=0:abort_on_error=0:exitcode=99 UBSAN_OPTIONS=halt_on_error=1:exitcode=98
unset TB_FAIL_ALLOC TB_FAIL_WRITE TB_FAIL_SYNTH TB_FAULT_COUNT TB_SIGNAL_AT_RENAME
export XDG_CACHE_HOME="$WORK/cache"

# $1 dir, $2 reference A, $3 reference B: every file of the directory tree (hidden ones
# too) is A's, or every one is B's.
all_one_or_other() {
    local dir=$1 a=$2 b=$3 what=$4 same_a=1 same_b=1 f
    [ -z "$(find "$dir" -name '.*')" ] || fail "$what: left: $(find "$dir" -name '.*')"
    diff <(cd "$dir" && find . -type f | sort) <(cd "$a" && find . -type f | sort) >/dev/null || same_a=0
    diff <(cd "$dir" && find . -type f | sort) <(cd "$b" && find . -type f | sort) >/dev/null || same_b=0
    while IFS= read -r -d '' f; do
        f=${f#"$dir"/}
        cmp -s "$dir/$f" "$a/$f" || same_a=0
        cmp -s "$dir/$f" "$b/$f" || same_b=0
    done < <(find "$dir" -type f -print0)
    [ "$same_a" = 1 ] || [ "$same_b" = 1 ] || fail "$what: a mix of the old files and the new"
}

# $1 name, then the arguments of the old run and of the new one, separated by "--".
sweep() {
    local name=$1 old=() new=() n code raised=0
    shift
    while [ "$1" != -- ]; do old+=("$1"); shift; done
    shift
    new=("$@")
    rm -rf "$WORK/A" "$WORK/B"
    "$prog" "${old[@]}" -o "$WORK/A" >/dev/null 2>&1 || fail "$name: the old run failed"
    cp -a "$WORK/A" "$WORK/B"
    "$prog" "${new[@]}" -o "$WORK/B" >/dev/null 2>&1 || fail "$name: the new run failed"
    for ((n = 1; n <= 60; n++)); do
        rm -rf "$WORK/X" && cp -a "$WORK/A" "$WORK/X"
        code=0
        TB_SIGNAL_AT_RENAME=$n "$prog" "${new[@]}" -o "$WORK/X" >/dev/null 2>"$WORK/err" || code=$?
        case $code in
            143) raised=$((raised + 1)) ;;
            0) break ;;
            *) cat "$WORK/err" >&2; fail "$name: SIGTERM after rename $n: exit $code" ;;
        esac
        all_one_or_other "$WORK/X" "$WORK/A" "$WORK/B" "$name, SIGTERM after rename $n"
    done
    [ "$raised" -gt 0 ] || fail "$name: no signal was raised (is the TB_SIGNAL_AT_RENAME hook built in?)"
    echo "$name: $raised stops between renames, each left the old files or the new"
}

# An episode in WAV: audio, cue sheet, manifest. The new run differs in every file.
sweep "wav episode" render --no-cache --format wav --date 2024-03-08 "$tiny" -- \
    render --no-cache --format wav --date 2024-03-09 --title 新版 "$tiny"
# The numbered layout: 01/001.mp3 (the opening), 002.mp3 ..., the playlist, the manifest.
sweep "numbered layout" render --no-cache --profile station --date 2024-03-08 "$tiny" -- \
    render --no-cache --profile station --date 2024-03-09 --title 新版 "$tiny"
# A publish: the new title changes the chapters, transcripts, page and feed.
sweep "publish" render --no-cache --date 2024-03-08 --publish --title 旧名 "$tiny" -- \
    publish --title 新名
echo "ok"
