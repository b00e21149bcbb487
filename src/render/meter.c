#include "render/meter.h"

#include "audio/loudness.h"

#include <math.h>
#include <stdlib.h>

/* BS.1770: loudness = -0.691 + 10 log10(mean square), and back. */
static double energy_of(double lufs)
{
	return pow(10.0, (lufs + 0.691) / 10.0);
}

static double lufs_of(double energy)
{
	return energy > 0 ? -0.691 + 10.0 * log10(energy) : -HUGE_VAL;
}

/* Mean square of sub-blocks [i + 1 - len, i], dual-mono; sub-blocks before 0 are silence. */
static double window_energy(const double *e, size_t i, size_t len, size_t sub)
{
	double sum = 0;
	size_t j;

	for (j = 0; j < len && j <= i; j++)
		sum += e[i - j];
	return 2.0 * sum / ((double)len * (double)sub);
}

int meter_piece(const float *pcm, size_t n, unsigned rate, struct buf *blocks, struct tb_err *err)
{
	struct loud_blocks lb = {0};
	size_t i;
	int rc = loud_blocks_measure(&lb, pcm, n, rate, err);

	for (i = 0; !rc && i < lb.nsub; i++) {
		struct meter_block *b = VEC_PUSH(blocks, struct meter_block);

		if (!b) {
			rc = err_set(err, TB_E_NOMEM, "out of memory");
			break;
		}
		b->momentary = window_energy(lb.e, i, 4, lb.sub);
		b->shortterm = window_energy(lb.e, i, 30, lb.sub);
	}
	loud_blocks_release(&lb);
	return rc;
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
