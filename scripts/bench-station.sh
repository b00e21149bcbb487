#!/usr/bin/env bash
# Memory of the station (numbered) layout, measured here, never in tests (issue 16): peak
# resident memory of the largest process (GNU time's "Maximum resident set size", which
# covers the children that render pieces) for a station render of the real page, next to
# the episode layout of the same page. Station articles are cut into pieces like the
# episode layout's, so both stay flat (before issue 16 the station read each article as one
# piece: 108.9 MB for the real page's 415-second article).
# Usage: scripts/bench-station.sh [PAGE]   (build/ must be built; no cache is used)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
tingbao="${BUILD_DIR:-$top/build}/tingbao"
page=${1:-$top/../shared/pages/000_cfd36969d01181c9.txt}
[ -x "$tingbao" ] || { echo "bench-station: $tingbao not built (scripts/build.sh)" >&2; exit 1; }
[ -f "$page" ] || { echo "bench-station: no page $page (pass one)" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "bench-station: GNU time (/usr/bin/time) is missing" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

peak() { # label profile
    /usr/bin/time -f '%M %e' -o "$work/time" "$tingbao" render --no-cache --profile "$2" \
        --title 工人日报 --date 2024-01-05 -o "$work/$2" "$page" 2>/dev/null
    read -r kb secs <"$work/time"
    printf '%-28s peak RSS %6.1f MB   wall %5.1f s\n' "$1" "$(awk -v k="$kb" 'BEGIN { print k / 1000 }')" "$secs"
}
peak "station (numbered layout)" station
peak "commute (episode layout)" commute
