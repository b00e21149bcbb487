#!/usr/bin/env bash
# Pinyin front-end speed on one core: lexicon open time (a whole `tingbao pinyin` run on
# empty input, so an upper bound) and throughput of `tingbao pinyin --no-normalize` on
# about 8 MB of Chinese text (the CPP sentences from ../shared/eval, repeated; a generated
# text when they are absent). Usage: scripts/bench-frontend.sh   (TINGBAO=path/to/tingbao)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
tingbao="${TINGBAO:-$here/../build/tingbao}"
[ -x "$tingbao" ] || { echo "bench-frontend: $tingbao not built" >&2; exit 1; }
tsv="$here/../../shared/eval/polyphone/cpp_dev.tsv"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ -f "$tsv" ]; then
    cut -f1 "$tsv" >"$work/one"
else
    python3 -c 'import random
r = random.Random(1)
chars = "的一是不了人我在有他这中大来上国个到说们为子和你地出道也时年得就那要下以生会自着去之过家学对可她里后小么心多天而能好都然没日于起还发成事只作当想看文无开手十用主行方又如前所本见经头面公同三已老从动两长"
for _ in range(20000): print("".join(r.choice(chars) for _ in range(r.randint(10, 40))) + "。")' >"$work/one"
fi
: >"$work/text"
while [ "$(stat -c %s "$work/text")" -lt 8000000 ]; do cat "$work/one" >>"$work/text"; done
bytes=$(stat -c %s "$work/text")

taskset_cmd=()
command -v taskset >/dev/null 2>&1 && taskset_cmd=(taskset -c 0)

start=$(date +%s%N)
for _ in $(seq 20); do "${taskset_cmd[@]}" "$tingbao" pinyin --no-normalize </dev/null >/dev/null; done
end=$(date +%s%N)
echo "open (whole run on empty input, mean of 20): $(( (end - start) / 20000 )) us"

start=$(date +%s%N)
"${taskset_cmd[@]}" "$tingbao" pinyin --no-normalize <"$work/text" >/dev/null
end=$(date +%s%N)
ns=$((end - start))
python3 -c "import sys; b, ns = int(sys.argv[1]), int(sys.argv[2]); print(f'pinyin: {b/1e6:.1f} MB in {ns/1e9:.2f} s = {b/1e6/(ns/1e9):.2f} MB/s')" "$bytes" "$ns"
