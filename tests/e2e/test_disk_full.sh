#!/usr/bin/env bash
# A full disk (ENOSPC) and a write error: exit 1 with one clear line, no temporary or
# partial file left, an earlier good episode kept. Mounts a small tmpfs, so it needs
# root (skipped otherwise); the /dev/full check runs anyway.
source "$(dirname "$0")/lib.sh"
tiny="$TB_SOURCE_DIR/tests/fault/tiny.txt"
page="$TB_SOURCE_DIR/tests/pages/sidebar.txt"
export XDG_CACHE_HOME="$WORK/cache"

# Standard output that cannot be written (a full device).
if [ -w /dev/full ]; then
    "$TINGBAO" plan "$page" >/dev/full 2>"$WORK/stderr" && fail "plan into /dev/full succeeded"
    [ "$(wc -l <"$WORK/stderr")" -eq 1 ] && grep -q "cannot write to standard output" "$WORK/stderr" ||
        { cat "$WORK/stderr" >&2; fail "plan into /dev/full: not one clear line"; }
fi

[ "$(id -u)" -eq 0 ] || skip "mounting a small tmpfs needs root"
mnt="$WORK/mnt"
mkdir -p "$mnt"
mount -t tmpfs -o size=300k tmpfs "$mnt" 2>/dev/null || skip "cannot mount a tmpfs here"
trap 'umount "$mnt" 2>/dev/null; rm -rf "$WORK"' EXIT
out="$mnt/out"

# An episode too big for the disk.
expect_exit 1 render -o "$out" "$page"
[ "$(wc -l <"$WORK/stderr")" -eq 1 ] || { cat "$WORK/stderr" >&2; fail "not one line"; }
grep -q "sidebar.mp3: No space left on device$" "$WORK/stderr" ||
    { cat "$WORK/stderr" >&2; fail "the message does not say the disk is full"; }
assert_no_temp_files "$out"
[ ! -e "$out/sidebar.mp3" ] && [ ! -e "$out/sidebar.json" ] || fail "a partial episode was left"

# A good episode, then the disk fills up and the next run fails: the good one stays.
expect_exit 0 render -o "$out" "$tiny"
cp "$out/tiny.mp3" "$out/tiny.json" "$WORK/"
dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null || true
expect_exit 1 render -o "$out" "$tiny"
grep -q "No space left on device" "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "no ENOSPC message"; }
assert_no_temp_files "$out"
for f in tiny.mp3 tiny.json; do
    if [ -e "$out/$f" ]; then
        cmp -s "$out/$f" "$WORK/$f" || fail "the good $f was replaced on a full disk"
    else
        fail "the good $f was removed by the failed run"
    fi
done

# A publish that runs out of space midway (issue 15) leaves the old site whole: every file
# is written under a temporary first and all are renamed only at the end, together. The
# disk is filled, then a few pages of it are freed, for several sizes of what is left.
rm -f "$mnt/filler" && rm -rf "$out"
site="$mnt/site"
expect_exit 0 render -o "$site" --date 2024-03-08 --publish --title 旧名 --no-cache "$tiny"
mkdir -p "$WORK/oldsite" && cp -a "$site/." "$WORK/oldsite/"
cp -a "$WORK/oldsite" "$WORK/newsite"
expect_exit 0 publish -o "$WORK/newsite" --title 新名
failed=0
for pages in 0 1 2 3 4 5 6 8 10 12 16 24 32; do
    rm -f "$mnt/filler" && rm -rf "$site" && cp -a "$WORK/oldsite" "$site"
    dd if=/dev/zero of="$mnt/filler" bs=4k 2>/dev/null || true
    [ "$pages" -eq 0 ] || truncate -s "-$((pages * 4))K" "$mnt/filler"
    code=0
    "$TINGBAO" publish -o "$site" --title 新名 >/dev/null 2>"$WORK/stderr" || code=$?
    case $code in
        0) ref="$WORK/newsite" ;;
        1) ref="$WORK/oldsite" failed=$((failed + 1))
           grep -q "No space left on device" "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "publish on a full disk: no ENOSPC message"; } ;;
        *) cat "$WORK/stderr" >&2; fail "publish with $pages free pages: exit $code" ;;
    esac
    [ -z "$(cd "$site" && ls -A | grep '^\.')" ] || fail "publish with $pages free pages left: $(cd "$site" && ls -A | grep '^\.')"
    diff <(cd "$site" && ls) <(cd "$ref" && ls) >/dev/null || fail "publish with $pages free pages (exit $code): other files than $(basename "$ref")'s"
    for f in "$ref"/*; do
        cmp -s "$f" "$site/$(basename "$f")" || fail "publish with $pages free pages (exit $code): $(basename "$f") is not $(basename "$ref")'s"
    done
done
[ "$failed" -gt 0 ] || fail "the disk never ran out during publish (the sweep tests nothing)"
echo "publish on a nearly full disk: $failed of 13 runs ran out of space, each left the old site whole"
echo "ok"

