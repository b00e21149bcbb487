#include "audio/loudness.h"

#include "audio/limiter.h"
#include "audio/vec.h"

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

/* Every result starts as "silence"; the meters below support these rates. */
static int start_result(struct loud_result *out, unsigned rate, struct tb_err *err)
{
	out->integrated_lufs = LOUD_FLOOR;
	out->lra_lu = 0.0;
	out->true_peak_dbtp = LOUD_FLOOR;
	out->sample_peak_dbfs = LOUD_FLOOR;
	out->seconds = 0.0;
	if (rate < 8000 || rate > 384000)
		return err_set(err, TB_E_USAGE, "loudness: unsupported sample rate %u", rate);
	return 0;
}

int loud_measure(const struct loud_piece *pieces, size_t count, unsigned rate, int what,
                 struct loud_result *out, struct tb_err *err)
{
	ebur128_state *st;
	double v;
	size_t total = 0;
	int rc = 0;

	if ((rc = start_result(out, rate, err)) != 0)
		return rc;
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

/*
 * The K-filter runs in float as two biquads (shelf, then RLB high-pass: the
 * combined 4th-order form would be ill-conditioned in float). Its rounding
 * noise sits some 60 dB under the signal, far below what moves a loudness
 * reading (the tests compare with libebur128's double filter). Float lets one
 * SSE register hold four independent streams; the scalar code below does the
 * same operations in the same order, so both give the same bits.
 */
struct kfilter {
	float b0, b1, b2, a1, a2; /* shelf */
	float d1, d2;             /* RLB high-pass: numerator 1, -2, 1 */
	float s1, s2, t1, t2;     /* TDF-II states of the two sections */
};

#define KF_TINY 1e-20f /* states below this are flushed: no denormals after silence */

/* BS.1770 K-weighting: a high-shelf "pre-filter" (+4 dB above ~1.7 kHz) and
 * the RLB high-pass (~38 Hz), specified at 48 kHz and re-derived through the
 * bilinear transform for other rates from their analogue prototypes. */
static void kfilter_init(struct kfilter *k, unsigned rate)
{
	double f0 = 1681.974450955533, g = 3.999843853973347, q = 0.7071752369554196;
	double kk = tan(M_PI * f0 / rate), vh = pow(10.0, g / 20.0);
	double vb = pow(vh, 0.4996667741545416), a0 = 1.0 + kk / q + kk * kk;

	k->b0 = (float)((vh + vb * kk / q + kk * kk) / a0);
	k->b1 = (float)(2.0 * (kk * kk - vh) / a0);
	k->b2 = (float)((vh - vb * kk / q + kk * kk) / a0);
	k->a1 = (float)(2.0 * (kk * kk - 1.0) / a0);
	k->a2 = (float)((1.0 - kk / q + kk * kk) / a0);
	f0 = 38.13547087602444;
	q = 0.5003270373238773;
	kk = tan(M_PI * f0 / rate);
	k->d1 = (float)(2.0 * (kk * kk - 1.0) / (1.0 + kk / q + kk * kk));
	k->d2 = (float)((1.0 - kk / q + kk * kk) / (1.0 + kk / q + kk * kk));
	k->s1 = k->s2 = k->t1 = k->t2 = 0.0f;
}

static float flush_tiny(float v)
{
	return fabsf(v) < KF_TINY ? 0.0f : v;
}

/* Sum of squares of the K-weighted signal over x[0..n), continuing the state. */
static double kfilter_energy(struct kfilter *k, const float *x, size_t n)
{
	float b0 = k->b0, b1 = k->b1, b2 = k->b2, a1 = k->a1, a2 = k->a2, d1 = k->d1, d2 = k->d2;
	float s1 = k->s1, s2 = k->s2, t1 = k->t1, t2 = k->t2, sum = 0.0f;

	for (size_t i = 0; i < n; i++) {
		float in = x[i], y = b0 * in + s1, w;

		s1 = (b1 * in + s2) - a1 * y;
		s2 = b2 * in - a2 * y;
		w = y + t1;
		t1 = (t2 - (y + y)) - d1 * w;
		t2 = y - d2 * w;
		sum += w * w;
	}
	k->s1 = flush_tiny(s1);
	k->s2 = flush_tiny(s2);
	k->t1 = flush_tiny(t1);
	k->t2 = flush_tiny(t2);
	return sum;
}

/*
 * Sub-block energies of one contiguous array, LANES stretches at a time: the
 * K-filter is a recursion, so one stream is bound by its latency; independent
 * streams keep the CPU busy. Stretches 1.. start from a zero state 100 ms
 * early (the filter forgets its start within a few ms: the difference is far
 * below 1e-9 of the energy), so the result does not depend on anything but
 * the input. Every sub-block's energy is summed on its own (float, then
 * stored as double).
 */
#define LANES 8

#if defined(__SSE2__)
#include <emmintrin.h>

struct kvec {
	__m128 s1, s2, t1, t2;
};

static __m128 flush_tiny4(__m128 v)
{
	__m128 mag = _mm_andnot_ps(_mm_set1_ps(-0.0f), v);

	return _mm_andnot_ps(_mm_cmplt_ps(mag, _mm_set1_ps(KF_TINY)), v);
}

/* Eight lanes (two vectors, so two recursions are in flight), sub-block j of
 * each: p[l] points at lane l's sub-block. */
static void kvec_subblock(const struct kfilter *k, struct kvec *v, const float *const *p,
                          size_t sub, float *sums)
{
	const __m128 b0 = _mm_set1_ps(k->b0), b1 = _mm_set1_ps(k->b1), b2 = _mm_set1_ps(k->b2);
	const __m128 a1 = _mm_set1_ps(k->a1), a2 = _mm_set1_ps(k->a2);
	const __m128 d1 = _mm_set1_ps(k->d1), d2 = _mm_set1_ps(k->d2);
	__m128 s1 = v[0].s1, s2 = v[0].s2, t1 = v[0].t1, t2 = v[0].t2, sum = _mm_setzero_ps();
	__m128 S1 = v[1].s1, S2 = v[1].s2, T1 = v[1].t1, T2 = v[1].t2, SUM = _mm_setzero_ps();
	size_t t = 0;

#define KSTEP(in, s1, s2, t1, t2, sum)                                                             \
	do {                                                                                       \
		__m128 y_ = _mm_add_ps(_mm_mul_ps(b0, (in)), s1), w_;                              \
		s1 = _mm_sub_ps(_mm_add_ps(_mm_mul_ps(b1, (in)), s2), _mm_mul_ps(a1, y_));         \
		s2 = _mm_sub_ps(_mm_mul_ps(b2, (in)), _mm_mul_ps(a2, y_));                         \
		w_ = _mm_add_ps(y_, t1);                                                           \
		t1 = _mm_sub_ps(_mm_sub_ps(t2, _mm_add_ps(y_, y_)), _mm_mul_ps(d1, w_));           \
		t2 = _mm_sub_ps(y_, _mm_mul_ps(d2, w_));                                           \
		sum = _mm_add_ps(sum, _mm_mul_ps(w_, w_));                                         \
	} while (0)

	for (; t + 4 <= sub; t += 4) {
		__m128 r0 = _mm_loadu_ps(p[0] + t), r1 = _mm_loadu_ps(p[1] + t);
		__m128 r2 = _mm_loadu_ps(p[2] + t), r3 = _mm_loadu_ps(p[3] + t);
		__m128 R0 = _mm_loadu_ps(p[4] + t), R1 = _mm_loadu_ps(p[5] + t);
		__m128 R2 = _mm_loadu_ps(p[6] + t), R3 = _mm_loadu_ps(p[7] + t);

		_MM_TRANSPOSE4_PS(r0, r1, r2, r3);
		_MM_TRANSPOSE4_PS(R0, R1, R2, R3);
		KSTEP(r0, s1, s2, t1, t2, sum);
		KSTEP(R0, S1, S2, T1, T2, SUM);
		KSTEP(r1, s1, s2, t1, t2, sum);
		KSTEP(R1, S1, S2, T1, T2, SUM);
		KSTEP(r2, s1, s2, t1, t2, sum);
		KSTEP(R2, S1, S2, T1, T2, SUM);
		KSTEP(r3, s1, s2, t1, t2, sum);
		KSTEP(R3, S1, S2, T1, T2, SUM);
	}
	for (; t < sub; t++) {
		__m128 in = _mm_setr_ps(p[0][t], p[1][t], p[2][t], p[3][t]);
		__m128 IN = _mm_setr_ps(p[4][t], p[5][t], p[6][t], p[7][t]);

		KSTEP(in, s1, s2, t1, t2, sum);
		KSTEP(IN, S1, S2, T1, T2, SUM);
	}
#undef KSTEP
	v[0].s1 = flush_tiny4(s1);
	v[0].s2 = flush_tiny4(s2);
	v[0].t1 = flush_tiny4(t1);
	v[0].t2 = flush_tiny4(t2);
	v[1].s1 = flush_tiny4(S1);
	v[1].s2 = flush_tiny4(S2);
	v[1].t1 = flush_tiny4(T1);
	v[1].t2 = flush_tiny4(T2);
	_mm_storeu_ps(sums, sum);
	_mm_storeu_ps(sums + 4, SUM);
}

static void kvec_load(struct kvec *v, const struct kfilter *k)
{
	v->s1 = _mm_setr_ps(k[0].s1, k[1].s1, k[2].s1, k[3].s1);
	v->s2 = _mm_setr_ps(k[0].s2, k[1].s2, k[2].s2, k[3].s2);
	v->t1 = _mm_setr_ps(k[0].t1, k[1].t1, k[2].t1, k[3].t1);
	v->t2 = _mm_setr_ps(k[0].t2, k[1].t2, k[2].t2, k[3].t2);
}

static void kvec_store(const struct kvec *v, struct kfilter *k)
{
	float s1[4], s2[4], t1[4], t2[4];

	_mm_storeu_ps(s1, v->s1);
	_mm_storeu_ps(s2, v->s2);
	_mm_storeu_ps(t1, v->t1);
	_mm_storeu_ps(t2, v->t2);
	for (int l = 0; l < 4; l++) {
		k[l].s1 = s1[l];
		k[l].s2 = s2[l];
		k[l].t1 = t1[l];
		k[l].t2 = t2[l];
	}
}
#endif

static void energies_parallel(const struct kfilter *k0, const float *x, size_t nsub, size_t sub,
                              double *e)
{
	struct kfilter k[LANES];
	size_t start[LANES], len[LANES], minlen = (size_t)-1, j = 0;

	for (int l = 0; l < LANES; l++) {
		start[l] = (size_t)l * nsub / LANES;
		len[l] = (size_t)(l + 1) * nsub / LANES - start[l];
		if (len[l] < minlen)
			minlen = len[l];
		k[l] = *k0;
		if (l > 0)
			kfilter_energy(&k[l], x + start[l] * sub - sub, sub); /* warm-up */
	}
#if defined(__SSE2__)
	{
		struct kvec v[LANES / 4];

		for (int q = 0; q < LANES / 4; q++)
			kvec_load(&v[q], k + 4 * q);
		for (; j < minlen; j++) {
			const float *p[LANES];
			float sums[LANES];

			for (int l = 0; l < LANES; l++)
				p[l] = x + (start[l] + j) * sub;
			kvec_subblock(k0, v, p, sub, sums);
			for (int l = 0; l < LANES; l++)
				e[start[l] + j] = sums[l];
		}
		for (int q = 0; q < LANES / 4; q++)
			kvec_store(&v[q], k + 4 * q);
	}
#endif
	/* The rest (and everything without SSE2): lane by lane, same arithmetic. */
	for (int l = 0; l < LANES; l++)
		for (size_t jj = j; jj < len[l]; jj++)
			e[start[l] + jj] = kfilter_energy(&k[l], x + (start[l] + jj) * sub, sub);
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

static int fast_measure(const struct loud_piece *pieces, size_t count, unsigned rate, int what,
                        struct loud_result *out, struct tb_err *err)
{
	struct kfilter k;
	size_t sub = (rate + 5) / 10, total = 0, nsub, fill = 0, s = 0;
	double *e, acc = 0.0, peak = 0.0, tp = 0.0;
	int rc;

	if ((rc = start_result(out, rate, err)) != 0)
		return rc;
	for (size_t p = 0; p < count; p++)
		total += pieces[p].n;
	nsub = total / sub;
	e = malloc((nsub + 1) * 2 * sizeof(*e));
	if (!e)
		return err_set(err, TB_E_NOMEM, "loudness: out of memory");
	kfilter_init(&k, rate);
	if (count == 1 && nsub >= 4 * LANES) {
		const float *x = pieces[0].pcm;

		peak = vec_abs_max(x, total);
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

		float pm = vec_abs_max(x, n);

		peak = pm > peak ? pm : peak;
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

int loud_fast_measure(const struct loud_piece *pieces, size_t count, unsigned rate, int what,
                      struct loud_result *out, struct tb_err *err)
{
	unsigned fp = vec_fast_fp_enter();
	int rc = fast_measure(pieces, count, rate, what, out, err);

	vec_fast_fp_leave(fp);
	return rc;
}

int loud_blocks_measure(struct loud_blocks *lb, const float *pcm, size_t n, unsigned rate,
                        struct tb_err *err)
{
	struct kfilter k;
	size_t sub = (rate + 5) / 10, nsub;
	unsigned fp;

	if (rate < 8000 || rate > 384000)
		return err_set(err, TB_E_USAGE, "loudness: unsupported sample rate %u", rate);
	nsub = n / sub;
	if (!lb->e || lb->cap < nsub + 1) {
		double *e = realloc(lb->e, (nsub + 1) * 2 * sizeof(*e));

		if (!e)
			return err_set(err, TB_E_NOMEM, "loudness: out of memory");
		lb->e = e;
		lb->cap = nsub + 1;
	}
	lb->scratch = lb->e + lb->cap;
	lb->nsub = nsub;
	lb->sub = sub;
	fp = vec_fast_fp_enter();
	kfilter_init(&k, rate);
	if (nsub >= 4 * LANES) {
		energies_parallel(&k, pcm, nsub, sub, lb->e);
	} else {
		for (size_t j = 0; j < nsub; j++)
			lb->e[j] = kfilter_energy(&k, pcm + j * sub, sub);
	}
	vec_fast_fp_leave(fp);
	return 0;
}

void loud_blocks_update(struct loud_blocks *lb, const float *pcm, size_t n, unsigned rate,
                        size_t first, size_t last)
{
	struct kfilter k;
	size_t sub = lb->sub;
	unsigned fp;

	(void)n;
	if (last >= lb->nsub)
		last = lb->nsub - 1;
	if (lb->nsub == 0 || first > last)
		return;
	fp = vec_fast_fp_enter();
	kfilter_init(&k, rate);
	if (first > 0)
		kfilter_energy(&k, pcm + (first - 1) * sub, sub); /* warm-up */
	for (size_t j = first; j <= last; j++)
		lb->e[j] = kfilter_energy(&k, pcm + j * sub, sub);
	vec_fast_fp_leave(fp);
}

double loud_blocks_integrated(const struct loud_blocks *lb)
{
	return integrated_from(lb->e, lb->nsub, lb->sub);
}

double loud_blocks_lra(const struct loud_blocks *lb)
{
	return lra_from(lb->e, lb->nsub, lb->sub, lb->scratch);
}

double loud_energies_integrated(const double *e, size_t nsub, size_t sub)
{
	return integrated_from(e, nsub, sub);
}

void loud_blocks_release(struct loud_blocks *lb)
{
	free(lb->e);
	*lb = (struct loud_blocks){0};
}

int loud_fast_measure_piece(const float *pcm, size_t n, unsigned rate, int what,
                            struct loud_result *out, struct tb_err *err)
{
	struct loud_piece p = {pcm, n};

	return loud_fast_measure(&p, 1, rate, what, out, err);
}
