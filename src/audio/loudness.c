#include "audio/loudness.h"

#include "audio/limiter.h"

#include <ebur128.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* libebur128 takes frames in chunks; feeding bounded chunks keeps its internal
 * buffers small and the call count low. */
#define CHUNK 65536

double loud_db(double linear)
{
	double db;

	if (!(linear > 0.0))
		return LOUD_FLOOR;
	db = 20.0 * log10(linear);
	return db < LOUD_FLOOR ? LOUD_FLOOR : db;
}

static double floor_lufs(double v)
{
	return (isfinite(v) && v > LOUD_FLOOR) ? v : LOUD_FLOOR;
}

static int mode_for(int what)
{
	int mode = EBUR128_MODE_SAMPLE_PEAK;

	if (what & LOUD_I)
		mode |= EBUR128_MODE_I;
	if (what & LOUD_LRA)
		mode |= EBUR128_MODE_LRA;
	if (what & LOUD_TP)
		mode |= EBUR128_MODE_TRUE_PEAK;
	return mode;
}

int loud_measure(const struct loud_piece *pieces, size_t count, unsigned rate, int what,
                 struct loud_result *out, struct tb_err *err)
{
	ebur128_state *st;
	double v;
	size_t total = 0;
	int rc = 0;

	out->integrated_lufs = LOUD_FLOOR;
	out->lra_lu = 0.0;
	out->true_peak_dbtp = LOUD_FLOOR;
	out->sample_peak_dbfs = LOUD_FLOOR;
	out->seconds = 0.0;
	if (rate < 8000 || rate > 384000)
		return err_set(err, TB_E_USAGE, "loudness: unsupported sample rate %u", rate);
	st = ebur128_init(1, rate, mode_for(what));
	if (!st)
		return err_set(err, TB_E_NOMEM, "loudness: cannot create a meter");
	if (ebur128_set_channel(st, 0, EBUR128_DUAL_MONO) != EBUR128_SUCCESS) {
		rc = err_set(err, TB_E_ENGINE, "loudness: cannot set the dual-mono channel");
		goto out;
	}
	for (size_t p = 0; p < count; p++) {
		for (size_t off = 0; off < pieces[p].n; off += CHUNK) {
			size_t k = pieces[p].n - off < CHUNK ? pieces[p].n - off : CHUNK;

			if (ebur128_add_frames_float(st, pieces[p].pcm + off, k) !=
			    EBUR128_SUCCESS) {
				rc = err_set(err, TB_E_NOMEM, "loudness: cannot add frames");
				goto out;
			}
		}
		total += pieces[p].n;
	}
	out->seconds = (double)total / rate;
	if ((what & LOUD_I) && ebur128_loudness_global(st, &v) == EBUR128_SUCCESS)
		out->integrated_lufs = floor_lufs(v);
	if ((what & LOUD_LRA) && ebur128_loudness_range(st, &v) == EBUR128_SUCCESS)
		out->lra_lu = isfinite(v) ? v : 0.0;
	if ((what & LOUD_TP) && ebur128_true_peak(st, 0, &v) == EBUR128_SUCCESS)
		out->true_peak_dbtp = loud_db(v);
	if (ebur128_sample_peak(st, 0, &v) == EBUR128_SUCCESS)
		out->sample_peak_dbfs = loud_db(v);
out:
	ebur128_destroy(&st);
	return rc;
}

int loud_measure_piece(const float *pcm, size_t n, unsigned rate, int what, struct loud_result *out,
                       struct tb_err *err)
{
	struct loud_piece p = {pcm, n};

	return loud_measure(&p, 1, rate, what, out, err);
}

/* ---- the fast meter ---------------------------------------------------- */

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

struct kfilter {
	double b[5], a[5]; /* the two K-weighting stages as one 4th-order section */
	double z[4];
};

/* BS.1770 K-weighting: a high-shelf "pre-filter" (+4 dB above ~1.7 kHz) and
 * the RLB high-pass (~38 Hz), specified at 48 kHz and re-derived through the
 * bilinear transform for other rates from their analogue prototypes. */
static void kfilter_init(struct kfilter *k, unsigned rate)
{
	double f0 = 1681.974450955533, g = 3.999843853973347, q = 0.7071752369554196;
	double kk = tan(M_PI * f0 / rate), vh = pow(10.0, g / 20.0);
	double vb = pow(vh, 0.4996667741545416), a0 = 1.0 + kk / q + kk * kk;
	double pb[3], pa[3], rb[3] = {1.0, -2.0, 1.0}, ra[3];

	pb[0] = (vh + vb * kk / q + kk * kk) / a0;
	pb[1] = 2.0 * (kk * kk - vh) / a0;
	pb[2] = (vh - vb * kk / q + kk * kk) / a0;
	pa[0] = 1.0;
	pa[1] = 2.0 * (kk * kk - 1.0) / a0;
	pa[2] = (1.0 - kk / q + kk * kk) / a0;
	f0 = 38.13547087602444;
	q = 0.5003270373238773;
	kk = tan(M_PI * f0 / rate);
	ra[0] = 1.0;
	ra[1] = 2.0 * (kk * kk - 1.0) / (1.0 + kk / q + kk * kk);
	ra[2] = (1.0 - kk / q + kk * kk) / (1.0 + kk / q + kk * kk);
	/* Multiply the two polynomials. */
	k->b[0] = pb[0] * rb[0];
	k->b[1] = pb[0] * rb[1] + pb[1] * rb[0];
	k->b[2] = pb[0] * rb[2] + pb[1] * rb[1] + pb[2] * rb[0];
	k->b[3] = pb[1] * rb[2] + pb[2] * rb[1];
	k->b[4] = pb[2] * rb[2];
	k->a[0] = 1.0;
	k->a[1] = pa[0] * ra[1] + pa[1] * ra[0];
	k->a[2] = pa[0] * ra[2] + pa[1] * ra[1] + pa[2] * ra[0];
	k->a[3] = pa[1] * ra[2] + pa[2] * ra[1];
	k->a[4] = pa[2] * ra[2];
	memset(k->z, 0, sizeof(k->z));
}

/* Sum of squares of the K-weighted signal over x[0..n), continuing the state. */
static double kfilter_energy(struct kfilter *k, const float *x, size_t n)
{
	double b0 = k->b[0], b1 = k->b[1], b2 = k->b[2], b3 = k->b[3], b4 = k->b[4];
	double a1 = k->a[1], a2 = k->a[2], a3 = k->a[3], a4 = k->a[4];
	double z0 = k->z[0], z1 = k->z[1], z2 = k->z[2], z3 = k->z[3], sum = 0.0;

	/* Transposed direct form II. */
	for (size_t i = 0; i < n; i++) {
		double in = x[i], y = b0 * in + z0;

		z0 = b1 * in - a1 * y + z1;
		z1 = b2 * in - a2 * y + z2;
		z2 = b3 * in - a3 * y + z3;
		z3 = b4 * in - a4 * y;
		sum += y * y;
	}
	if (fabs(z0) + fabs(z1) + fabs(z2) + fabs(z3) < 1e-25)
		z0 = z1 = z2 = z3 = 0.0; /* no denormals after silence */
	k->z[0] = z0;
	k->z[1] = z1;
	k->z[2] = z2;
	k->z[3] = z3;
	return sum;
}

/*
 * Sub-block energies of one contiguous array, four stretches at a time: the
 * K-filter is a recursion, so one stream is bound by its latency; four
 * independent streams keep the CPU busy. Stretches 1-3 start from a zero
 * state 100 ms early (the filter forgets its start within a few ms: the
 * difference is far below 1e-9 of the energy), so the result does not depend
 * on anything but the input.
 */
#define LANES 4

static void energies_parallel(const struct kfilter *k0, const float *x, size_t nsub, size_t sub,
                              double *e)
{
	struct kfilter k[LANES];
	size_t start[LANES], len[LANES], minlen = (size_t)-1;
	double b0 = k0->b[0], b1 = k0->b[1], b2 = k0->b[2], b3 = k0->b[3], b4 = k0->b[4];
	double a1 = k0->a[1], a2 = k0->a[2], a3 = k0->a[3], a4 = k0->a[4];
	double z0[LANES], z1[LANES], z2[LANES], z3[LANES];

	for (int l = 0; l < LANES; l++) {
		start[l] = (size_t)l * nsub / LANES;
		len[l] = (size_t)(l + 1) * nsub / LANES - start[l];
		if (len[l] < minlen)
			minlen = len[l];
		k[l] = *k0;
		if (l > 0)
			kfilter_energy(&k[l], x + start[l] * sub - sub, sub); /* warm-up */
		z0[l] = k[l].z[0];
		z1[l] = k[l].z[1];
		z2[l] = k[l].z[2];
		z3[l] = k[l].z[3];
	}
	for (size_t j = 0; j < minlen; j++) {
		double sum[LANES] = {0.0, 0.0, 0.0, 0.0};
		const float *p[LANES];

		for (int l = 0; l < LANES; l++)
			p[l] = x + (start[l] + j) * sub;
		for (size_t t = 0; t < sub; t++) {
			for (int l = 0; l < LANES; l++) {
				double in = p[l][t], y = b0 * in + z0[l];

				z0[l] = b1 * in - a1 * y + z1[l];
				z1[l] = b2 * in - a2 * y + z2[l];
				z2[l] = b3 * in - a3 * y + z3[l];
				z3[l] = b4 * in - a4 * y;
				sum[l] += y * y;
			}
		}
		for (int l = 0; l < LANES; l++) {
			e[start[l] + j] = sum[l];
			if (fabs(z0[l]) + fabs(z1[l]) + fabs(z2[l]) + fabs(z3[l]) < 1e-25)
				z0[l] = z1[l] = z2[l] = z3[l] = 0.0;
		}
	}
	for (int l = 0; l < LANES; l++) {
		k[l].z[0] = z0[l];
		k[l].z[1] = z1[l];
		k[l].z[2] = z2[l];
		k[l].z[3] = z3[l];
		for (size_t j = minlen; j < len[l]; j++)
			e[start[l] + j] = kfilter_energy(&k[l], x + (start[l] + j) * sub, sub);
	}
}

/* Loudness of a mean square, dual-mono (the channel counts twice). */
static double lufs_of(double mean_square)
{
	return mean_square > 0.0 ? -0.691 + 10.0 * log10(2.0 * mean_square) : -HUGE_VAL;
}

static double ms_of_lufs(double lufs)
{
	return pow(10.0, (lufs + 0.691) / 10.0) / 2.0;
}

/* Gated mean of windows of `len` sub-blocks every `hop`: I (len 4, hop 1). */
static double integrated_from(const double *e, size_t nsub, size_t sub)
{
	double gate_abs = ms_of_lufs(-70.0), sum = 0.0, rel, sum2 = 0.0;
	size_t cnt = 0, cnt2 = 0;

	for (size_t j = 0; j + 4 <= nsub; j++) {
		double z = (e[j] + e[j + 1] + e[j + 2] + e[j + 3]) / (4.0 * sub);

		if (z > gate_abs) {
			sum += z;
			cnt++;
		}
	}
	if (cnt == 0)
		return LOUD_FLOOR;
	rel = sum / cnt * pow(10.0, -10.0 / 10.0);
	for (size_t j = 0; j + 4 <= nsub; j++) {
		double z = (e[j] + e[j + 1] + e[j + 2] + e[j + 3]) / (4.0 * sub);

		if (z > gate_abs && z > rel) {
			sum2 += z;
			cnt2++;
		}
	}
	return floor_lufs(lufs_of(sum2 / cnt2));
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double lra_from(const double *e, size_t nsub, size_t sub, double *scratch)
{
	double gate_abs = ms_of_lufs(-70.0), sum = 0.0, rel, lo, hi;
	size_t cnt = 0, k = 0;

	/* 3 s windows, one every second, as soon as 3 s are in. */
	for (size_t j = 0; j + 30 <= nsub; j += 10) {
		double z = 0.0;

		for (size_t t = 0; t < 30; t++)
			z += e[j + t];
		z /= 30.0 * sub;
		if (z > gate_abs) {
			scratch[cnt++] = z;
			sum += z;
		}
	}
	if (cnt == 0)
		return 0.0;
	rel = sum / cnt * pow(10.0, -20.0 / 10.0);
	for (size_t j = 0; j < cnt; j++)
		if (scratch[j] > rel)
			scratch[k++] = scratch[j];
	if (k == 0)
		return 0.0;
	qsort(scratch, k, sizeof(*scratch), cmp_double);
	lo = scratch[(size_t)((double)(k - 1) * 0.10 + 0.5)];
	hi = scratch[(size_t)((double)(k - 1) * 0.95 + 0.5)];
	return lufs_of(hi) - lufs_of(lo);
}

int loud_fast_measure(const struct loud_piece *pieces, size_t count, unsigned rate, int what,
                      struct loud_result *out, struct tb_err *err)
{
	struct kfilter k;
	size_t sub = (rate + 5) / 10, total = 0, nsub, fill = 0, s = 0;
	double *e, acc = 0.0, peak = 0.0, tp = 0.0;

	out->integrated_lufs = LOUD_FLOOR;
	out->lra_lu = 0.0;
	out->true_peak_dbtp = LOUD_FLOOR;
	out->sample_peak_dbfs = LOUD_FLOOR;
	out->seconds = 0.0;
	if (rate < 8000 || rate > 384000)
		return err_set(err, TB_E_USAGE, "loudness: unsupported sample rate %u", rate);
	for (size_t p = 0; p < count; p++)
		total += pieces[p].n;
	nsub = total / sub;
	e = malloc((nsub + 1) * 2 * sizeof(*e));
	if (!e)
		return err_set(err, TB_E_NOMEM, "loudness: out of memory");
	kfilter_init(&k, rate);
	if (count == 1 && nsub >= 4 * LANES) {
		const float *x = pieces[0].pcm;

		for (size_t i = 0; i < total; i++)
			if (fabsf(x[i]) > peak)
				peak = fabsf(x[i]);
		energies_parallel(&k, x, nsub, sub, e);
		s = nsub;
		if (what & LOUD_TP)
			tp = lim_true_peak(x, total);
		count = 0; /* done */
	}
	/* Energies of whole 100 ms sub-blocks across piece boundaries. */
	for (size_t p = 0; p < count; p++) {
		const float *x = pieces[p].pcm;
		size_t n = pieces[p].n, off = 0;

		for (size_t i = 0; i < n; i++)
			if (fabsf(x[i]) > peak)
				peak = fabsf(x[i]);
		while (off < n) {
			size_t take = sub - fill < n - off ? sub - fill : n - off;

			acc += kfilter_energy(&k, x + off, take);
			fill += take;
			off += take;
			if (fill == sub) {
				e[s++] = acc;
				acc = 0.0;
				fill = 0;
			}
		}
		if (what & LOUD_TP) {
			double v = lim_true_peak(x, n);

			if (v > tp)
				tp = v;
		}
	}
	out->seconds = (double)total / rate;
	out->sample_peak_dbfs = loud_db(peak);
	if (what & LOUD_TP)
		out->true_peak_dbtp = loud_db(tp);
	if (what & LOUD_I)
		out->integrated_lufs = integrated_from(e, s, sub);
	if (what & LOUD_LRA)
		out->lra_lu = lra_from(e, s, sub, e + nsub + 1);
	free(e);
	return 0;
}

int loud_fast_measure_piece(const float *pcm, size_t n, unsigned rate, int what,
                            struct loud_result *out, struct tb_err *err)
{
	struct loud_piece p = {pcm, n};

	return loud_fast_measure(&p, 1, rate, what, out, err);
}
