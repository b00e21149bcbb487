#include "render/meter.h"

#include <ebur128.h>
#include <math.h>
#include <stdlib.h>

#define STEP_MS 100

/* BS.1770: loudness = -0.691 + 10 log10(mean square), and back. */
static double energy_of(double lufs)
{
	return isfinite(lufs) ? pow(10.0, (lufs + 0.691) / 10.0) : 0.0;
}

static double lufs_of(double energy)
{
	return energy > 0 ? -0.691 + 10.0 * log10(energy) : -HUGE_VAL;
}

static int add_block(ebur128_state *st, struct buf *blocks)
{
	struct meter_block *b = VEC_PUSH(blocks, struct meter_block);
	double m = -HUGE_VAL, s = -HUGE_VAL;

	if (!b)
		return TB_E_NOMEM;
	if (ebur128_loudness_momentary(st, &m) != EBUR128_SUCCESS)
		m = -HUGE_VAL;
	if (ebur128_loudness_shortterm(st, &s) != EBUR128_SUCCESS)
		s = -HUGE_VAL;
	b->momentary = energy_of(m);
	b->shortterm = energy_of(s);
	return 0;
}

int meter_piece(const float *pcm, size_t n, unsigned rate, struct buf *blocks, struct tb_err *err)
{
	size_t step = (size_t)rate * STEP_MS / 1000, done = 0;
	ebur128_state *st = ebur128_init(1, rate, EBUR128_MODE_M | EBUR128_MODE_S);
	int rc = 0;

	if (!st || ebur128_set_channel(st, 0, EBUR128_DUAL_MONO) != EBUR128_SUCCESS) {
		if (st)
			ebur128_destroy(&st);
		return err_set(err, TB_E_NOMEM, "cannot start the loudness meter");
	}
	while (!rc && done < n) {
		size_t take = n - done < step ? n - done : step;

		if (ebur128_add_frames_float(st, pcm + done, take) != EBUR128_SUCCESS)
			rc = TB_E_NOMEM;
		done += take;
		if (!rc)
			rc = add_block(st, blocks);
	}
	ebur128_destroy(&st);
	return rc ? err_set(err, rc, "the loudness meter failed") : 0;
}

static int compare_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* Mean energy of the values above `gate` (an energy); 0 when none is. */
static double gated_mean(const double *v, size_t n, double gate, size_t *count)
{
	double sum = 0;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (v[i] > gate) {
			sum += v[i];
			k++;
		}
	}
	if (count)
		*count = k;
	return k ? sum / (double)k : 0;
}

static double integrated(const double *e, size_t n)
{
	double abs_gate = energy_of(-70.0);
	double rel = gated_mean(e, n, abs_gate, NULL);

	if (rel <= 0)
		return METER_FLOOR;
	return lufs_of(gated_mean(e, n, rel * pow(10.0, -10.0 / 10.0), NULL));
}

static double loudness_range(double *e, size_t n)
{
	double abs_gate = energy_of(-70.0), rel, gate;
	size_t i, k = 0, lo, hi;

	rel = gated_mean(e, n, abs_gate, NULL);
	if (rel <= 0)
		return 0;
	gate = rel * pow(10.0, -20.0 / 10.0);
	for (i = 0; i < n; i++)
		if (e[i] > abs_gate && e[i] > gate)
			e[k++] = e[i];
	if (k < 2)
		return 0;
	qsort(e, k, sizeof(*e), compare_double);
	lo = (size_t)floor(0.10 * (double)(k - 1) + 0.5);
	hi = (size_t)floor(0.95 * (double)(k - 1) + 0.5);
	return lufs_of(e[hi]) - lufs_of(e[lo]);
}

int meter_episode(const struct buf *const *blocks, size_t npieces, double *lufs, double *lra_lu,
		  struct tb_err *err)
{
	size_t total = 0, i, j, k = 0;
	double *m, *s;

	for (i = 0; i < npieces; i++)
		total += VEC_LEN(blocks[i], struct meter_block);
	m = malloc((total ? total : 1) * sizeof(*m));
	s = malloc((total ? total : 1) * sizeof(*s));
	if (!m || !s) {
		free(m);
		free(s);
		return err_set(err, TB_E_NOMEM, "out of memory");
	}
	for (i = 0; i < npieces; i++) {
		for (j = 0; j < VEC_LEN(blocks[i], struct meter_block); j++, k++) {
			m[k] = VEC_AT(blocks[i], struct meter_block, j).momentary;
			s[k] = VEC_AT(blocks[i], struct meter_block, j).shortterm;
		}
	}
	*lufs = integrated(m, total);
	if (*lufs < METER_FLOOR)
		*lufs = METER_FLOOR;
	*lra_lu = loudness_range(s, total);
	free(m);
	free(s);
	return 0;
}
