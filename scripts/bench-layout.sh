#!/usr/bin/env bash
# Layout speed (issue 14's targets, measured here, never in tests): the time of
# layout_page() alone, with the lexicon's word test as render uses it, on
#   - a page of about 4,000 characters (our test pages of other papers, joined), target < 20 ms;
#   - the real page when ../shared is present;
#   - 2 MB pages: our pages repeated, 2 MB of broken lines that all join into one paragraph,
#     and 2 MB of short lines (heading-like, the worst case for the headline passes),
#     target well under a second each.
# Best of 5 runs each, on one core. Usage: scripts/bench-layout.sh   (build/ must be built)
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build="${BUILD_DIR:-$top/build}"
[ -f "$build/libtbcore.a" ] || { echo "bench-layout: $build/libtbcore.a not built (scripts/build.sh)" >&2; exit 1; }
work=$(mktemp -d)
[ -n "${BENCH_KEEP:-}" ] || trap 'rm -rf "$work"' EXIT

cat >"$work/bench.c" <<'C'
#include "ingest/ingest.h"
#include "layout/hints.h"
#include "layout/layout.h"
#include "pinyin/pinyin.h"
#include <stdio.h>
#include <time.h>

static int has_word(void *ctx, const char *s, size_t len)
{
	return py_has_word(ctx, s, len);
}

int main(int argc, char **argv)
{
	struct tb_err err = {0, ""};
	struct py_lexicon *lex;
	struct layout_hints h;

	if (py_open_default(argv[1], &lex, &err) || hints_init(&h, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	for (int a = 2; a < argc; a++) {
		struct buf text = BUF_INIT;
		struct layout_opts o = {.is_word = has_word, .is_word_ctx = lex, .hints = &h};
		double best = 1e30;

		if (ingest_file(argv[a], &text, &err)) {
			fprintf(stderr, "%s\n", err.msg);
			return 1;
		}
		for (int run = 0; run < 5; run++) {
			struct doc d;
			struct timespec t0, t1;

			doc_init(&d);
			clock_gettime(CLOCK_MONOTONIC, &t0);
			if (layout_page(&d, text.data, text.len, argv[a], &o, &err)) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
			clock_gettime(CLOCK_MONOTONIC, &t1);
			doc_release(&d);
			double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
			            (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
			best = ms < best ? ms : best;
		}
		const char *name = strrchr(argv[a], '/') ? strrchr(argv[a], '/') + 1 : argv[a];

		printf("%-28s %9zu bytes  %9.2f ms\n", name, text.len, best);
		buf_release(&text);
	}
	hints_release(&h);
	py_close(lex);
	return 0;
}
C
sed -i 's/#include <time.h>/#include <string.h>\n#include <time.h>/' "$work/bench.c"
cc -std=c11 -D_POSIX_C_SOURCE=200809L -O2 -I "$top/src" -o "$work/bench" "$work/bench.c" \
    "$build/libtbcore.a" $(pkg-config --libs sndfile libebur128 libutf8proc jansson zlib) \
    -lespeak-ng -lmp3lame -lpthread -lm

# About 4,000 characters: whole test pages of other papers until the page is that long.
python3 - "$top/tests/pages" "$work" <<'PY'
import os, sys
src, out = sys.argv[1], sys.argv[2]
names = sorted(n for n in os.listdir(src) if n.endswith(".expect"))
text, pages = "", [open(os.path.join(src, n[:-7] + ".txt"), encoding="utf-8").read() for n in names]
for p in pages:
    if len(text) >= 4000:
        break
    text += p + "\n\n"
open(os.path.join(out, "page-4k.txt"), "w", encoding="utf-8").write(text)
big = ""
while len(big.encode()) < 2_000_000:
    big += "\n\n".join(pages) + "\n\n"
open(os.path.join(out, "pages-2mb.txt"), "w", encoding="utf-8").write(big)
line = "工会组织职工开展技能培训,"
open(os.path.join(out, "broken-2mb.txt"), "w", encoding="utf-8").write(
    "\n\n".join([line] * (2_000_000 // len(line.encode()))) + "。\n")
short = "社区服务站点"
open(os.path.join(out, "short-2mb.txt"), "w", encoding="utf-8").write(
    "\n\n".join(short + str(i) for i in range(2_000_000 // 24)) + "\n")
PY
printf '%s\n' "page 4k: $(python3 -c 'import sys;print(len(open(sys.argv[1],encoding="utf-8").read()))' "$work/page-4k.txt") characters"
files=("$work/page-4k.txt")
real="$top/../shared/pages/000_cfd36969d01181c9.txt"
[ -f "$real" ] && files+=("$real")
files+=("$work/pages-2mb.txt" "$work/broken-2mb.txt" "$work/short-2mb.txt")
taskset_cmd=()
command -v taskset >/dev/null 2>&1 && taskset_cmd=(taskset -c 0)
"${taskset_cmd[@]}" "$work/bench" "$build" "${files[@]}"
