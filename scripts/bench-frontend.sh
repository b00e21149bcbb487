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

# The open alone: a tiny program against the build's libtbcore.a (when a compiler is here).
build_dir=$(dirname "$tingbao")
if command -v cc >/dev/null 2>&1 && [ -f "$build_dir/libtbcore.a" ]; then
    cat >"$work/open.c" <<'C'
#include "pinyin/pinyin.h"
#include <stdio.h>
#include <time.h>
int main(int argc, char **argv)
{
	struct tb_err err = {0, ""};
	double total = 0, worst = 0;
	(void)argc;
	for (int i = 0; i < 50; i++) {
		struct py_lexicon *lex;
		struct timespec a, b;
		clock_gettime(CLOCK_MONOTONIC, &a);
		if (py_open_default(argv[1], &lex, &err)) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		clock_gettime(CLOCK_MONOTONIC, &b);
		double us = (double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3;
		total += us;
		worst = us > worst ? us : worst;
		py_close(lex);
	}
	printf("lexicon open (py_open_default, 50 runs): mean %.0f us, worst %.0f us\n", total / 50, worst);
	return 0;
}
C
    if cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -I "$here/../src" -o "$work/open" "$work/open.c" \
        "$build_dir/libtbcore.a" -lz -lm 2>/dev/null; then
        "${taskset_cmd[@]}" "$work/open" "$build_dir"
    fi
fi

start=$(date +%s%N)
for _ in $(seq 20); do "${taskset_cmd[@]}" "$tingbao" pinyin --no-normalize </dev/null >/dev/null; done
end=$(date +%s%N)
echo "whole program run on empty input (mean of 20): $(( (end - start) / 20000 )) us"

# CPU time of the child (user + system), so other load on the machine does not count.
python3 - "$tingbao" "$work/text" "$bytes" <<'PY'
import resource, subprocess, sys, time
tingbao, path, size = sys.argv[1], sys.argv[2], int(sys.argv[3])
wall = time.monotonic()
with open(path, "rb") as f:
    subprocess.run([tingbao, "pinyin", "--no-normalize"], stdin=f, stdout=subprocess.DEVNULL, check=True)
wall = time.monotonic() - wall
ru = resource.getrusage(resource.RUSAGE_CHILDREN)
cpu = ru.ru_utime + ru.ru_stime
print(f"pinyin: {size/1e6:.1f} MB in {cpu:.2f} s CPU = {size/1e6/cpu:.2f} MB/s per core "
      f"(wall {wall:.2f} s)")
PY
