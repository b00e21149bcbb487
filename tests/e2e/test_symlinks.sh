#!/usr/bin/env bash
# No symlink is ever followed when tingbao writes, renames over, deletes or reads (issue 15):
# a symlink planted where a temporary goes, at the old lock file's name, as a cache folder,
# as an imported episode's audio, as audio in the site, or as the numbered layout's folder
# leaves its target as it was, and nothing but the promised files stays in the directory
# (runs take turns through a lock on the directory itself).
source "$(dirname "$0")/lib.sh"
tiny="$TB_SOURCE_DIR/tests/fault/tiny.txt"
export XDG_CACHE_HOME="$WORK/cache"

secret="$WORK/secret"
printf 'do not touch\n' >"$secret"
chmod 600 "$secret"
secret_is_intact() { [ "$(cat "$secret")" = "do not touch" ] || fail "$1: the symlink's target was written"; }
# Only the promised files: no lock file, no settings file, no temporary.
only_promised() {
    local hidden
    hidden=$(cd "$1" && ls -A | grep '^\.' || true)
    [ -z "$hidden" ] || fail "$2: left in $1: $hidden"
}

# Runs tingbao as process $$ of a shell that first plants a symlink at the temporary name
# the run will use (".NAME.tmp.PID"): exec keeps the pid.
planted() { # $1 dir, $2 NAME, then tingbao's arguments
    local dir=$1 name=$2 code=0
    shift 2
    sh -c 'ln -s "$1" "$2/.$3.tmp.$$"; shift 3; exec "$@"' sh "$secret" "$dir" "$name" \
        "$TINGBAO" "$@" >"$WORK/stdout" 2>"$WORK/stderr" || code=$?
    return $code
}

# 1. Render: a symlink at the manifest's temporary is replaced, its target untouched.
site="$WORK/site"
mkdir -p "$site"
planted "$site" tiny.json render -o "$site" --date 2024-03-08 "$tiny" ||
    { cat "$WORK/stderr" >&2; fail "render with a planted temporary failed"; }
secret_is_intact "render"
[ -s "$site/tiny.json" ] && [ ! -L "$site/tiny.json" ] || fail "render: no manifest written"
only_promised "$site" "render"

# 2. Publish: the same for index.html's temporary.
planted "$site" index.html publish -o "$site" ||
    { cat "$WORK/stderr" >&2; fail "publish with a planted temporary failed"; }
secret_is_intact "publish"
grep -q '<html' "$site/index.html" || fail "publish: no page written"
only_promised "$site" "publish"

# 3. The lock file of earlier versions as a symlink: its target is never created, and the
# link itself goes (no lock file is used any more).
lk="$WORK/lock-site"
mkdir -p "$lk"
ln -s "$WORK/created-by-lock" "$lk/.tingbao.lock"
expect_exit 0 render -o "$lk" --date 2024-03-08 "$tiny"
[ ! -e "$WORK/created-by-lock" ] || fail "the lock symlink's target was created"
only_promised "$lk" "render over an old lock symlink"

# 4. The output file itself a symlink: the link is replaced, never written through.
rm "$site/tiny.mp3"
ln -s "$secret" "$site/tiny.mp3"
expect_exit 0 render -o "$site" --date 2024-03-08 "$tiny"
secret_is_intact "render over a symlinked episode"
[ ! -L "$site/tiny.mp3" ] || fail "the symlinked episode was not replaced"

# 5. Publish import: an episode whose audio is a symlink (to a secret) is refused; nothing
# of it is copied into the site, and the feed does not list it.
src="$WORK/src" pub="$WORK/pub"
expect_exit 0 render -o "$src" --date 2024-03-09 --no-cache "$tiny"
sed 's/"tiny"/"other"/; s/"tiny.mp3"/"other.mp3"/' "$src/tiny.json" >"$src/other.json"
rm "$src/tiny.json" "$src/tiny.mp3"
ln -s "$secret" "$src/other.mp3"
mkdir -p "$pub"
expect_exit 1 publish -o "$pub" "$src/other.json"
grep -q 'other.mp3: a symbolic link' "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "import of a symlinked audio: unclear message"; }
[ ! -e "$pub/other.mp3" ] && [ ! -e "$pub/other.json" ] || fail "the symlinked audio was imported"
[ ! -e "$pub/feed.xml" ] || fail "a feed was written for a refused import"

# 6. Audio in the site itself that is a symlink: never published with its target's size.
cp "$site/tiny.json" "$WORK/keep.json"
sed 's/"tiny"/"linked"/; s/"tiny.mp3"/"linked.mp3"/' "$site/tiny.json" >"$site/linked.json"
ln -s "$secret" "$site/linked.mp3"
expect_exit 1 publish -o "$site"
grep -q 'linked.mp3 is not a regular file' "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "symlinked audio in DIR: unclear message"; }
! grep -q 'linked' "$site/feed.xml" || fail "the feed lists a symlinked audio file"
rm "$site/linked.json" "$site/linked.mp3"

# 7. A manifest in the site that is a symlink is not read (a warning), the rest is published.
ln -s "$WORK/keep.json" "$site/alias.json"
expect_exit 0 publish -o "$site"
grep -q 'alias.json: a symbolic link (not followed); skipped' "$WORK/stderr" ||
    { cat "$WORK/stderr" >&2; fail "a symlinked manifest was not skipped with a warning"; }
rm "$site/alias.json"

# 8. cache --prune never follows a symlinked cache folder out of the cache.
cache="$WORK/c"
expect_exit 0 render --cache "$cache" -o "$WORK/r" "$tiny"
elsewhere="$WORK/elsewhere"
mkdir -p "$elsewhere"
printf 'precious' >"$elsewhere/0123456789abcdef.piece"
ln -s "$elsewhere" "$cache/zz"
expect_exit 0 cache --cache "$cache" --prune --max-size 0
[ -f "$elsewhere/0123456789abcdef.piece" ] || fail "prune deleted a file through a symlinked folder"
[ -z "$(find "$cache" -name '*.piece')" ] || fail "prune --max-size 0 left entries"
# and an empty cache name is a usage error, never the root directory ('plan' parses the
# same options as render and writes nothing, so a broken build cannot litter / here)
expect_exit 2 cache --cache '' --stats
expect_exit 2 plan --cache '' "$tiny"

# 9. The numbered layout's section folder as a symlink is refused, its target untouched.
st="$WORK/station"
mkdir -p "$st" "$WORK/target"
ln -s "$WORK/target" "$st/01"
expect_exit 1 render --profile station -o "$st" "$tiny"
grep -q '01: not a directory' "$WORK/stderr" || { cat "$WORK/stderr" >&2; fail "symlinked section folder: unclear message"; }
[ -z "$(ls -A "$WORK/target")" ] || fail "files were written through the symlinked folder"
only_promised "$st" "station render"
# 10. Runs take turns through a lock on the directory itself (no lock file): a render and
# a publish wait while another process holds it, shards share it.
if command -v flock >/dev/null 2>&1; then
    lockdir="$WORK/locked"
    mkdir -p "$lockdir"
    flock "$lockdir" sleep 3 &
    sleep 0.5
    expect_exit 0 render -o "$lockdir" --date 2024-03-08 "$tiny"
    grep -q "waited for another run writing to" "$WORK/stderr" || fail "render did not wait for the lock"
    flock "$lockdir" sleep 3 &
    sleep 0.5
    expect_exit 0 publish -o "$lockdir"
    grep -q "waited for another run writing to" "$WORK/stderr" || fail "publish did not wait for the lock"
    flock -s "$lockdir" sleep 3 &
    sleep 0.5
    expect_exit 0 render -o "$lockdir" --date 2024-03-08 --shard 1/1 "$tiny"
    grep -q "waited" "$WORK/stderr" && fail "a shard waited for a shared lock"
    wait
    only_promised "$lockdir" "locked runs"
else
    echo "note: no flock(1); the locking check is skipped"
fi
echo "ok: no symlink followed"
