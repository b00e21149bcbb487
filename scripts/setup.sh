#!/usr/bin/env bash
# Installs everything tingbao needs to build, run and test on Debian 12, and fetches the
# pronunciation data package. Idempotent and non-interactive; run as root or with sudo.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
    SUDO="sudo"
fi

packages=(
    # build
    build-essential cmake pkg-config clang clang-format
    # libraries linked into tingbao
    libespeak-ng-dev espeak-ng-data libsndfile1-dev libmp3lame-dev libebur128-dev
    libutf8proc-dev
    # CRC-32 of the lexicon's chunks (tools/lexbuild writes them, src/pinyin/lex.c checks them)
    zlib1g-dev
    # unit tests; the libFuzzer runtime for scripts/fuzz.sh
    libcmocka-dev libclang-rt-14-dev
    # pronunciation data (Unihan readings) and the tools that fetch/derive it
    unicode-data bzip2
    # independent readers used by the end-to-end tests
    ffmpeg mpg123 python3 python3-mutagen
    # publish: manifest reader (JSON parsing); feed and page checks in the end-to-end tests
    libjansson-dev python3-feedparser chromium fonts-wqy-microhei
    # sharding an edition with GNU parallel (tests, docs)
    parallel
    # the man page (built from docs/tingbao.1.scd) and the tests of it and of completion
    scdoc man-db bash-completion
    # the feed: its generated cover (cairo + pango, drawn with fonts-wqy-microhei), --image
    # checked with gdk-pixbuf, podcast:guid as a UUID v5 (libuuid); gPodder's parser in tests
    libcairo2-dev libpango1.0-dev libgdk-pixbuf-2.0-dev uuid-dev python3-podcastparser
    # serving a site with Range requests (README's recipe, tested with curl and mpv)
    caddy curl mpv
    # the station on a memory card: a FAT image (mkfs.vfat), mounted in user space (fusefat),
    # read back with mtools
    dosfstools fusefat fuse3 mtools
    # scripts/bench.sh only: the obvious pipeline we compare against (tingbao never runs them)
    espeak-ng lame
)

missing=()
for p in "${packages[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
        missing+=("$p")
    fi
done

# Node.js and npm fetch the npm data package. Some images ship a newer nodejs that already
# contains npm and conflicts with Debian's npm package, so only ask for them when missing.
if ! command -v npm >/dev/null 2>&1; then
    missing+=(nodejs npm)
fi

if [ "${#missing[@]}" -gt 0 ]; then
    echo "setup: installing ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ -x "$here/fetch-data.sh" ]; then
    "$here/fetch-data.sh"
fi
echo "setup: ok" >&2
