#!/usr/bin/env bash
# Micro-benchmark of the DSP chain (audio/dsp.h) on real speech: CPU seconds of
# dsp_process_piece() per profile, single-threaded, on the exact pieces a
# render hands to the chain. A number to read, never a timed test.
#
# usage: scripts/bench-dsp.sh [-b BUILD_DIR] [-r RAW_DIR] [-p PAGE] [--check] [PROFILE...]
#
# The pieces (mono float PCM, one file per article/opening, PROFILE_NNN.f32)
# are captured once from a real render with gdb (a breakpoint on
# dsp_process_piece that dumps its input) into RAW_DIR (default
# /tmp/tingbao-bench-dsp), so the chain sees exactly what it sees in a render.
# --check also measures each output with libebur128 (integrated loudness and
# true peak) and prints the worst deviation from the target and the ceiling.
# Prints per profile: pieces, seconds of audio, CPU seconds (best of 3), and a
# hash of the output bytes (same input and build: same hash).
set -euo pipefail

src=$(cd "$(dirname "$0")/.." && pwd)
build=$src/build
raw=/tmp/tingbao-bench-dsp
page=/work/shared/pages/000_cfd36969d01181c9.txt
check=0
profiles=()
while [ $# -gt 0 ]; do
	case $1 in
	-b) build=$2; shift 2 ;;
	-r) raw=$2; shift 2 ;;
	-p) page=$2; shift 2 ;;
	--check) check=1; shift ;;
	-h | --help) sed -n 2,16p "$0"; exit 0 ;;
	*) profiles+=("$1"); shift ;;
	esac
done
[ ${#profiles[@]} -gt 0 ] || profiles=(commute rider station)
[ -f "$build/libtbcore.a" ] || { echo "no $build/libtbcore.a: build first (-b DIR)" >&2; exit 1; }

mkdir -p "$raw"
for p in "${profiles[@]}"; do
	ls "$raw/${p}"_*.f32 >/dev/null 2>&1 && continue
	command -v gdb >/dev/null || { echo "gdb is needed to capture the pieces" >&2; exit 1; }
	[ -f "$page" ] || { echo "no page $page (-p PAGE)" >&2; exit 1; }
	echo "capturing the chain's input for $p from a render of $(basename "$page") ..." >&2
	tmp=$(mktemp -d)
	# Pieces are rendered in forked children (src/render/farm.h): gdb keeps
	# every child (detach-on-fork off) and runs them all to the end.
	cat >"$tmp/dump.gdb" <<EOF
set pagination off
set confirm off
set detach-on-fork off
set follow-fork-mode parent
set schedule-multiple on
set \$k = 0
break dsp_process_piece
commands
silent
eval "dump binary memory $raw/${p}_%03d.f32 pcm pcm+n", \$k
set \$k = \$k + 1
continue
end
python
import gdb
gdb.execute("run")
for _ in range(1000000):
    live = [i for i in gdb.inferiors() if i.pid]
    if not live:
        break
    gdb.execute("inferior %d" % live[0].num, to_string=True)
    try:
        gdb.execute("continue", to_string=True)
    except gdb.error:
        pass
end
quit
EOF
	fmt=wav
	[ "$p" = station ] && fmt=mp3 # the numbered layout writes MP3 only
	# One worker and no cache, so every piece is processed, once.
	gdb -q -batch -x "$tmp/dump.gdb" --args "$build/tingbao" render "$page" -o "$tmp/out" \
		--format "$fmt" --profile "$p" --jobs 1 --no-cache >/dev/null 2>&1
	rm -rf "$tmp"
	ls "$raw/${p}"_*.f32 >/dev/null 2>&1 || { echo "capture failed for $p" >&2; exit 1; }
done

bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
cat >"$bin/bench.c" <<'EOF'
#include "audio/dsp.h"
#include "audio/loudness.h"
#include "audio/profile.h"

#include <glob.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double cpu_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec * 1e-9;
}

int main(int argc, char **argv)
{
	const char *raw = argv[1], *name = argv[2];
	int check = atoi(argv[3]);
	struct profile prof;
	struct tb_err err = {0};
	char pat[4096];
	glob_t g;
	float **in, *work;
	size_t *len, maxn = 0, total = 0;
	double best = 1e9, worst_i = 0.0, worst_tp = -99.0, ceiling;
	uint64_t hash = 1469598103934665603ull;
	int limited = 0;

	(void)argc;
	if (prof_find(name, &prof, &err)) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	snprintf(pat, sizeof(pat), "%s/%s_*.f32", raw, name);
	if (glob(pat, 0, NULL, &g) != 0)
		return 1;
	in = calloc(g.gl_pathc, sizeof(*in));
	len = calloc(g.gl_pathc, sizeof(*len));
	for (size_t k = 0; k < g.gl_pathc; k++) {
		FILE *f = fopen(g.gl_pathv[k], "rb");
		long sz;

		fseek(f, 0, SEEK_END);
		sz = ftell(f);
		fseek(f, 0, SEEK_SET);
		len[k] = (size_t)sz / sizeof(float);
		in[k] = malloc(len[k] * sizeof(float) + 1);
		if (fread(in[k], sizeof(float), len[k], f) != len[k])
			return 1;
		fclose(f);
		maxn = len[k] > maxn ? len[k] : maxn;
		total += len[k];
	}
	work = malloc(maxn * sizeof(float) + 1);
	ceiling = prof.audio.true_peak_dbtp - prof.audio.limiter_margin_db;
	for (int rep = 0; rep < 3; rep++) {
		double cpu = 0.0;

		for (size_t k = 0; k < g.gl_pathc; k++) {
			struct dsp_report r;
			double t0;

			memcpy(work, in[k], len[k] * sizeof(float));
			t0 = cpu_now();
			if (dsp_process_piece(&prof.audio, work, len[k], 22050, &r, &err)) {
				fprintf(stderr, "%s\n", err.msg);
				return 1;
			}
			cpu += cpu_now() - t0;
			if (rep > 0)
				continue;
			for (size_t i = 0; i < len[k] * sizeof(float); i++)
				hash = (hash ^ ((unsigned char *)work)[i]) * 1099511628211ull;
			limited += r.limit_rounds;
			if (check) {
				struct loud_result m;

				loud_measure_piece(work, len[k], 22050, LOUD_I | LOUD_TP, &m, &err);
				if (!r.silent && m.seconds > 3.0) {
					double d = m.integrated_lufs - dsp_target_lufs(&prof.audio);

					if (d < 0)
						d = -d;
					worst_i = d > worst_i ? d : worst_i;
				}
				worst_tp = m.true_peak_dbtp > worst_tp ? m.true_peak_dbtp : worst_tp;
				printf("  %-22s %7.1f s  I %7.2f (chain %7.2f) LRA %5.2f (in %5.2f) "
				       "TP %6.2f (chain %6.2f) rounds %d/%d\n",
				       strrchr(g.gl_pathv[k], '/') + 1, len[k] / 22050.0,
				       m.integrated_lufs, r.integrated_lufs, r.lra_lu, r.input_lra_lu,
				       m.true_peak_dbtp, r.true_peak_dbtp, r.comp_rounds,
				       r.limit_rounds);
			}
		}
		best = cpu < best ? cpu : best;
	}
	printf("%-8s %3zu pieces %7.1f s audio  CPU %.3f s  (%.1f ns/sample)  rounds %d  hash %016llx\n",
	       name, g.gl_pathc, total / 22050.0, best, best * 1e9 / total, limited,
	       (unsigned long long)hash);
	if (check)
		printf("         worst |I - target| %.3f LU (libebur128)  worst TP %.2f dBTP (ceiling %.2f)\n",
		       worst_i, worst_tp, ceiling);
	return 0;
}
EOF
# shellcheck disable=SC2046
cc -O2 -std=c11 -D_POSIX_C_SOURCE=200809L -I"$src/src" "$bin/bench.c" -o "$bin/bench" \
	"$build/libtbcore.a" $(pkg-config --libs libebur128 sndfile libutf8proc jansson) -lm -lpthread
for p in "${profiles[@]}"; do
	TINGBAO_DATA=${TINGBAO_DATA:-} "$bin/bench" "$raw" "$p" "$check"
done
