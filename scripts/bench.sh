#!/usr/bin/env bash
# Speed and memory of tingbao on this machine, next to the obvious pipeline
#   espeak-ng -v cmn-latn-pinyin -f PAGE --stdout | lame -r -s 22.05 -m m -b 64 -q Q - out.mp3
# at the same bitrate and LAME quality Q (the commute profile's). Prints, side by side:
#   1. full render of the real page (../shared/pages, else our sample page) and of an 8-page
#      edition made by repeating our own pages, as wall time and as a ratio to the pipeline;
#   2. a re-render of that page with one article changed, the cache warm;
#   3. peak RSS (the largest process, /usr/bin/time) for 1, 8 and 32 pages;
#   4. front-end throughput and lexicon open time (scripts/bench-frontend.sh).
# Numbers, never pass/fail: tests do not time anything. Usage: scripts/bench.sh [--quick]
# (--quick skips the 32-page run). The pipeline's programs come from scripts/setup.sh.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
tingbao="${TINGBAO:-$top/build/tingbao}"
quick=0
[ "${1:-}" = "--quick" ] && quick=1
[ -x "$tingbao" ] || { echo "bench: build first (scripts/build.sh)" >&2; exit 1; }
for p in espeak-ng lame /usr/bin/time python3; do
    command -v "$p" >/dev/null 2>&1 || { echo "bench: $p is missing (scripts/setup.sh installs it)" >&2; exit 1; }
done

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export XDG_CACHE_HOME="$work/xdg"
quality=$(sed -n 's/^mp3_quality *= *\([0-9]\).*/\1/p' "$top/voices/profiles/commute.conf")
quality=${quality:-3}
page="$top/../shared/pages/000_cfd36969d01181c9.txt"
[ -f "$page" ] || page="$top/tests/pages/sample.txt"

# Wall seconds of a command, best of $runs (the machine may be shared).
runs=${BENCH_RUNS:-3}
wall() {
    local best="" t
    for _ in $(seq "$runs"); do
        /usr/bin/time -f "%e" -o "$work/time" "$@" >/dev/null 2>&1
        t=$(tail -n 1 "$work/time")
        if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $t < $best else 1)"; then best=$t; fi
    done
    echo "$best"
}
obvious() { # page... : the pipeline, one page after another
    local p
    for p in "$@"; do
        espeak-ng -v cmn-latn-pinyin -f "$p" --stdout |
            lame --quiet -r -s 22.05 -m m -b 64 -q "$quality" - "$work/obvious.mp3" 2>/dev/null
    done
}
ratio() { python3 -c "print('%.2f' % ($1 / $2))"; }

# An edition of our own sample page repeated (a page of about ten minutes of speech).
mkdir -p "$work/edition"
for i in $(seq 1 32); do
    cp "$top/tests/pages/sample.txt" "$work/edition/p$(printf %02d "$i").txt"
done
eight=("$work"/edition/p0[1-8].txt)
all32=("$work"/edition/p*.txt)

export -f obvious
export work quality
echo "tingbao bench on $(nproc) cores, LAME quality $quality, 64 kbps, best of $runs"
echo "page: $page"
echo
printf '%-44s %10s %10s %8s\n' "what" "pipeline" "tingbao" "ratio"

t_obv=$(wall bash -c 'obvious "$0"' "$page")
t_tb=$(wall "$tingbao" render --no-cache -o "$work/out1" "$page")
printf '%-44s %9ss %9ss %8s\n' "full render, one page" "$t_obv" "$t_tb" "$(ratio "$t_tb" "$t_obv")"

t_obv8=$(wall bash -c 'obvious "$@"' _ "${eight[@]}")
t_tb8=$(wall "$tingbao" render --no-cache -o "$work/out8" "${eight[@]}")
printf '%-44s %9ss %9ss %8s\n' "full render, 8-page edition (our pages)" "$t_obv8" "$t_tb8" "$(ratio "$t_tb8" "$t_obv8")"

# One article changed: a sentence added to the last paragraph of the page's middle article.
mkdir -p "$work/v1" "$work/v2"
cp "$page" "$work/v1/page.txt"
python3 - "$page" "$work/v2/page.txt" <<'PY'
import sys
paras = open(sys.argv[1], encoding="utf-8").read().split("\n\n")
body = [i for i, p in enumerate(paras) if p.strip().endswith("。") and len(p) > 60]
i = body[len(body) // 2]
paras[i] = paras[i].rstrip() + "这是修改后新增的一句话。\n"
open(sys.argv[2], "w", encoding="utf-8").write("\n\n".join(paras))
PY
"$tingbao" render --cache "$work/cache" -o "$work/warm" "$work/v1/page.txt" 2>/dev/null
/usr/bin/time -f "%e" -o "$work/time" "$tingbao" render --cache "$work/cache" -o "$work/warm2" \
    "$work/v2/page.txt" 2>"$work/re.err" >/dev/null
t_re=$(tail -n 1 "$work/time")
pieces=$(grep -o '[0-9]* of [0-9]* pieces from the cache' "$work/re.err" || echo "?")
printf '%-44s %9ss %9ss %8s\n' "re-render, one article changed (warm cache)" "$t_obv" "$t_re" "$(ratio "$t_re" "$t_obv")"
echo "    ($pieces)"

echo
printf '%-44s %10s\n' "peak RSS (largest process)" "KiB"
sizes="1 8 32"
[ "$quick" = 1 ] && sizes="1 8"
for n in $sizes; do
    set -- "${all32[@]:0:$n}"
    /usr/bin/time -f "%M %e" -o "$work/time" "$tingbao" render --no-cache -o "$work/rss$n" "$@" >/dev/null 2>&1
    read -r kb t <"$work/time"
    printf '%-44s %10s   (%ss wall)\n' "$n page(s)" "$kb" "$t"
done

echo
"$here/bench-frontend.sh"
