#include "audio/limiter.h"

#include "audio/vec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define OS         4 /* oversampling factor */
#define HALF       8 /* taps on each side of the interpolated point */
#define TAPS       (2 * HALF)
#define FC         1.0 /* interpolator cutoff, relative to the original Nyquist */
#define BLOCK      16  /* samples per block for the can-it-reach-the-ceiling test (>= HALF) */
#define MAX_PASSES 4
#define CHUNK      8 /* samples per gain-envelope step and peak-map entry; divides BLOCK */

/*
 * Two interpolator banks; a point's value is the larger of the two estimates,
 * so the limiter is held to whichever reconstruction reads higher:
 *  - a long one: Kaiser-windowed sinc, 2 x HALF taps per phase, each phase
 *    normalized to unity DC gain (close to the ideal reconstruction);
 *  - the short 48th-order Hann-windowed sinc of common BS.1770 meters
 *    (12 taps per phase), which reads higher on content near Nyquist.
 * Phase p (1..OS-1) of bank b estimates x(i + p/OS) from x[i + first .. ].
 */
#define SHORT_HALF 6
#define LANES      4 /* phases 1..3 and one unused lane: one SIMD vector per tap */
#define GROUP      4 /* intervals estimated together (one SIMD vector per phase) */

struct bank {
	int taps, first;
	float c[TAPS][LANES];          /* c[k][p-1]: tap k of phase p */
	float cb[TAPS][OS - 1][GROUP]; /* the same, each repeated GROUP times */
};

struct interp {
	struct bank b[2];
	double worst; /* max over banks and phases of the sum of |coefficients| (>= 1) */
	/* The same split: the two taps on x[i] and x[i + 1] (cin) and the rest
	 * (cout), each maximized over banks and phases, so that every point of
	 * [i, i + 1) is <= cin x max(|x[i]|, |x[i + 1]|) + cout x (max |x| over the
	 * taps). */
	float cin, cout;
	float diff; /* max over phases of sum |long - short| coefficients, aligned */
};

static double bessel_i0(double x)
{
	double sum = 1.0, term = 1.0;

	for (int k = 1; k < 40; k++) {
		term *= (x / (2.0 * k)) * (x / (2.0 * k));
		sum += term;
		if (term < sum * 1e-17)
			break;
	}
	return sum;
}

static void kaiser_bank(struct bank *bk)
{
	const double beta = 7.0;
	double i0b = bessel_i0(beta);

	memset(bk, 0, sizeof(*bk));
	bk->taps = TAPS;
	bk->first = -HALF + 1;
	for (int p = 1; p < OS; p++) {
		double t = (double)p / OS, sum = 0.0, tmp[TAPS];

		for (int k = 0; k < TAPS; k++) {
			double d = t - (k + bk->first); /* distance from the tap's sample */
			double u = d / HALF;
			double w =
			        (fabs(u) < 1.0) ? bessel_i0(beta * sqrt(1.0 - u * u)) / i0b : 0.0;

			tmp[k] = sin(M_PI * FC * d) / (M_PI * FC * d) * w;
			sum += tmp[k];
		}
		/* Unity gain at DC, so a constant signal is never "over". */
		for (int k = 0; k < TAPS; k++)
			bk->c[k][p - 1] = (float)(tmp[k] / sum);
	}
}

/* The 49-tap prototype h[j] = sinc((j - 24) / 4) * hann(j), j = 0..48, split
 * into phases: x(i + p/4) = sum over t of h[p + 4t] * x[i + 6 - t]. */
static void hann_bank(struct bank *bk)
{
	memset(bk, 0, sizeof(*bk));
	bk->taps = 2 * SHORT_HALF;
	bk->first = -SHORT_HALF + 1;
	for (int p = 1; p < OS; p++) {
		for (int k = 0; k < bk->taps; k++) {
			int t = bk->taps - 1 - k, j = p + OS * t;
			double m = (j - 6.0 * OS) / OS;
			double w = 0.5 * (1.0 - cos(2.0 * M_PI * j / (12.0 * OS)));

			bk->c[k][p - 1] = (float)(sin(M_PI * m) / (M_PI * m) * w);
		}
	}
}

static void broadcast(struct bank *bk)
{
	for (int k = 0; k < TAPS; k++)
		for (int p = 0; p < OS - 1; p++)
			for (int l = 0; l < GROUP; l++)
				bk->cb[k][p][l] = bk->c[k][p];
}

static void interp_init(struct interp *ip)
{
	kaiser_bank(&ip->b[0]);
	hann_bank(&ip->b[1]);
	broadcast(&ip->b[0]);
	broadcast(&ip->b[1]);
	ip->worst = 1.0;
	ip->cin = 1.0f;
	ip->cout = 0.0f;
	for (int b = 0; b < 2; b++) {
		for (int p = 0; p < OS - 1; p++) {
			double abs_sum = 0.0;

			double in;

			for (int k = 0; k < ip->b[b].taps; k++)
				abs_sum += fabs(ip->b[b].c[k][p]);
			if (abs_sum > ip->worst)
				ip->worst = abs_sum;
			in = fabs(ip->b[b].c[-ip->b[b].first][p]) +
			     fabs(ip->b[b].c[1 - ip->b[b].first][p]);
			if (in > ip->cin)
				ip->cin = (float)in;
			if (abs_sum - in > ip->cout)
				ip->cout = (float)(abs_sum - in);
		}
	}
	ip->diff = 0.0f;
	for (int p = 0; p < OS - 1; p++) {
		const struct bank *l = &ip->b[0], *sh = &ip->b[1];
		double d = 0.0;

		for (int k = 0; k < l->taps; k++) {
			int ks = k + l->first - sh->first;
			double cs = (ks >= 0 && ks < sh->taps) ? sh->c[ks][p] : 0.0;

			d += fabs(l->c[k][p] - cs);
		}
		if (d > ip->diff)
			ip->diff = (float)d;
	}
	/* Round up so the bound stays a bound in float arithmetic. */
	ip->diff *= 1.001f;
	ip->worst *= 1.001;
	ip->cin *= 1.001f;
	ip->cout *= 1.001f;
}

static float sample_at(const float *x, size_t n, long i)
{
	return (i < 0 || (size_t)i >= n) ? 0.0f : x[i];
}

/* Largest |estimate| of one bank at the three points after sample i. The
 * lanes are independent sums, so the compiler can keep them in one vector. */
static float bank_peak(const struct bank *bk, const float *x, size_t n, long i)
{
	float v[LANES] = {0.0f, 0.0f, 0.0f, 0.0f}, best;
	long lo = i + bk->first;

	if (lo >= 0 && (size_t)lo + (size_t)bk->taps <= n) {
		const float *s = x + lo;

		for (int k = 0; k < bk->taps; k++)
			for (int l = 0; l < LANES; l++)
				v[l] += bk->c[k][l] * s[k];
	} else {
		for (int k = 0; k < bk->taps; k++) {
			float xs = sample_at(x, n, lo + k);

			for (int l = 0; l < LANES; l++)
				v[l] += bk->c[k][l] * xs;
		}
	}
	best = fabsf(v[0]);
	if (fabsf(v[1]) > best)
		best = fabsf(v[1]);
	if (fabsf(v[2]) > best)
		best = fabsf(v[2]);
	return best;
}

/*
 * Like interval_peak, but skips the long bank when the short one (plus the
 * largest possible difference between the two, diff x `m`, where `m` bounds
 * |x| over the taps) shows the point cannot exceed `thr`. The value returned
 * is then a lower estimate known to be <= thr.
 */
static float interval_peak_below(const struct interp *ip, const float *x, size_t n, long i,
                                 float thr, float m)
{
	float best = fabsf(sample_at(x, n, i));
	float b = bank_peak(&ip->b[1], x, n, i), a;

	if (b > best)
		best = b;
	if (best + ip->diff * m <= thr)
		return best;
	a = bank_peak(&ip->b[0], x, n, i);
	return a > best ? a : best;
}

/*
 * Four intervals at a time: out[l] = the largest |estimate| of bank `bk` at
 * the three points after sample i0 + l, all taps inside the buffer. Each sum
 * runs over the taps in the same order as bank_peak(), so the values are the
 * same bits.
 */
#if defined(__SSE2__)
#include <emmintrin.h>

static __m128 bank_peak4(const struct bank *bk, const float *x, long i0)
{
	const __m128 sign = _mm_set1_ps(-0.0f);
	const float *s = x + i0 + bk->first;
	__m128 v0 = _mm_setzero_ps(), v1 = _mm_setzero_ps(), v2 = _mm_setzero_ps();

	for (int k = 0; k < bk->taps; k++) {
		__m128 xs = _mm_loadu_ps(s + k);

		v0 = _mm_add_ps(v0, _mm_mul_ps(_mm_loadu_ps(bk->cb[k][0]), xs));
		v1 = _mm_add_ps(v1, _mm_mul_ps(_mm_loadu_ps(bk->cb[k][1]), xs));
		v2 = _mm_add_ps(v2, _mm_mul_ps(_mm_loadu_ps(bk->cb[k][2]), xs));
	}
	v0 = _mm_andnot_ps(sign, v0);
	v1 = _mm_andnot_ps(sign, v1);
	v2 = _mm_andnot_ps(sign, v2);
	return _mm_max_ps(v0, _mm_max_ps(v1, v2));
}

/* Group peaks of intervals i0 .. i0+3 (see span_peak). */
static __m128 group_peak(const struct interp *ip, const float *x, long i0, float thr, float dm)
{
	__m128 best = _mm_andnot_ps(_mm_set1_ps(-0.0f), _mm_loadu_ps(x + i0));
	__m128 over;

	best = _mm_max_ps(best, bank_peak4(&ip->b[1], x, i0));
	over = _mm_cmpgt_ps(_mm_add_ps(best, _mm_set1_ps(dm)), _mm_set1_ps(thr));
	if (_mm_movemask_ps(over))
		best = _mm_max_ps(best, bank_peak4(&ip->b[0], x, i0));
	return best;
}

static float group_max(const struct interp *ip, const float *x, long i0, float thr, float dm)
{
	float v[GROUP], m;

	_mm_storeu_ps(v, group_peak(ip, x, i0, thr, dm));
	m = v[0];
	for (int l = 1; l < GROUP; l++)
		m = v[l] > m ? v[l] : m;
	return m;
}
#else
static void bank_peak4(const struct bank *bk, const float *x, long i0, float *out)
{
	const float *s = x + i0 + bk->first;
	float v[OS - 1][GROUP] = {{0.0f}};

	for (int k = 0; k < bk->taps; k++)
		for (int p = 0; p < OS - 1; p++)
			for (int l = 0; l < GROUP; l++)
				v[p][l] += bk->cb[k][p][l] * s[k + l];
	for (int l = 0; l < GROUP; l++) {
		float m = fabsf(v[0][l]);

		for (int p = 1; p < OS - 1; p++)
			m = fabsf(v[p][l]) > m ? fabsf(v[p][l]) : m;
		out[l] = m;
	}
}

static float group_max(const struct interp *ip, const float *x, long i0, float thr, float dm)
{
	float best[GROUP], a[GROUP], m = 0.0f;
	int over = 0;

	bank_peak4(&ip->b[1], x, i0, best);
	for (int l = 0; l < GROUP; l++) {
		best[l] = fabsf(x[i0 + l]) > best[l] ? fabsf(x[i0 + l]) : best[l];
		over |= best[l] + dm > thr;
	}
	if (over) {
		bank_peak4(&ip->b[0], x, i0, a);
		for (int l = 0; l < GROUP; l++)
			best[l] = a[l] > best[l] ? a[l] : best[l];
	}
	for (int l = 0; l < GROUP; l++)
		m = best[l] > m ? best[l] : m;
	return m;
}
#endif

/*
 * Max over the intervals [lo, hi) of the interval peaks, where the long bank
 * runs only for groups of four intervals in which the short one plus
 * diff x m could pass thr (as interval_peak_below(), per group: a group that
 * runs it reads exact values, also where they were not needed). Groups with
 * taps outside the buffer go one interval at a time.
 */
static float span_peak(const struct interp *ip, const float *x, size_t n, size_t lo, size_t hi,
                       float thr, float m)
{
	float p = 0.0f, dm = ip->diff * m;
	size_t i = lo;

	for (; i < hi && (i < HALF || i + GROUP + HALF > n); i++) {
		float v = interval_peak_below(ip, x, n, (long)i, thr, m);

		p = v > p ? v : p;
	}
	for (; i + GROUP <= hi && i + GROUP + HALF <= n; i += GROUP) {
		float v = group_max(ip, x, (long)i, thr, dm);

		p = v > p ? v : p;
	}
	for (; i < hi; i++) {
		float v = interval_peak_below(ip, x, n, (long)i, thr, m);

		p = v > p ? v : p;
	}
	return p;
}

/* Peak of the interval [i, i+1): the sample and the OS-1 points after it. */
static float interval_peak(const struct interp *ip, const float *x, size_t n, long i)
{
	float best = fabsf(sample_at(x, n, i));
	float a = bank_peak(&ip->b[0], x, n, i), b = bank_peak(&ip->b[1], x, n, i);

	if (a > best)
		best = a;
	if (b > best)
		best = b;
	return best;
}

/*
 * A reconstruction rings before the first and after the last sample (the
 * file is preceded and followed by silence or other audio). The peaks of the
 * HALF intervals on each side outside the buffer are folded into the first
 * and last HALF intervals, whose samples cause them.
 */
static void edge_peaks(const struct interp *ip, const float *x, size_t n, float *pre, float *post)
{
	*pre = 0.0f;
	*post = 0.0f;
	for (long k = 1; k <= HALF; k++) {
		float a = interval_peak(ip, x, n, -k);
		float b = interval_peak(ip, x, n, (long)n - 1 + k);

		if (a > *pre)
			*pre = a;
		if (b > *post)
			*post = b;
	}
}

/* Max |x| over block b and its neighbours: every sample an interval of block b
 * can see through the interpolator (HALF < BLOCK). */
static float neighbourhood_max(const float *bm, size_t nb, size_t b)
{
	float m = bm[b];

	if (b > 0 && bm[b - 1] > m)
		m = bm[b - 1];
	if (b + 1 < nb && bm[b + 1] > m)
		m = bm[b + 1];
	return m;
}

/*
 * The peak map: for each chunk of CHUNK samples, the largest interval peak of
 * the intervals [i, i+1) starting in it (computed wherever it could exceed
 * `thr`; elsewhere a lower estimate known to be <= thr). Returns the largest
 * value written. `bm` receives the block maxima (with `dirty`, it must hold
 * them on entry: only dirty blocks' are recomputed). With `dirty`, only blocks
 * next to a dirty block are recomputed (the others keep their values, known
 * to be <= thr) and the return value covers only those. The ringing before
 * the first and after the last sample is charged to the first and last
 * HALF samples' chunks.
 */
static float detect_from_bm(const struct interp *ip, const float *x, size_t n, float thr,
                            float *pkc, const float *bm, const unsigned char *dirty);

static float detect(const struct interp *ip, const float *x, size_t n, float thr, float *pkc,
                    float *bm, const unsigned char *dirty)
{
	size_t nb = (n + BLOCK - 1) / BLOCK;

	if (!dirty) {
		vec_block_abs_max(x, n, BLOCK, bm);
	} else {
		/* Samples changed only in dirty blocks: the other maxima stand. */
		for (size_t b = 0; b < nb;) {
			size_t e = b;

			if (!dirty[b]) {
				b++;
				continue;
			}
			while (e < nb && dirty[e])
				e++;
			vec_block_abs_max(x + b * BLOCK,
			                  (e * BLOCK < n ? e * BLOCK : n) - b * BLOCK, BLOCK,
			                  bm + b);
			b = e;
		}
	}
	return detect_from_bm(ip, x, n, thr, pkc, bm, dirty);
}

/* detect() with the block maxima `bm` of x already known. */
static float detect_from_bm(const struct interp *ip, const float *x, size_t n, float thr,
                            float *pkc, const float *bm, const unsigned char *dirty)
{
	size_t nb = (n + BLOCK - 1) / BLOCK, nch = (n + CHUNK - 1) / CHUNK;
	float top = 0.0f, pre, post;

	for (size_t b = 0; b < nb; b++) {
		float m = neighbourhood_max(bm, nb, b);

		if (dirty && !dirty[b] && !(b > 0 && dirty[b - 1]) && !(b + 1 < nb && dirty[b + 1]))
			continue;
		for (size_t c = b * (BLOCK / CHUNK); c < (b + 1) * (BLOCK / CHUNK) && c < nch;
		     c++) {
			size_t lo = c * CHUNK, hi = lo + CHUNK < n ? lo + CHUNK : n;
			float p = 0.0f;

			if (m * ip->worst <= thr) {
				p = bm[b]; /* nothing here can pass thr: an estimate */
			} else {
				/* The chunk's own samples (and the next one) bound the
				 * two big taps. */
				size_t last = hi < n ? hi : n - 1;
				float e = 0.0f;

				for (size_t i = lo; i <= last; i++)
					e = fabsf(x[i]) > e ? fabsf(x[i]) : e;
				if (ip->cin * e + ip->cout * m <= thr)
					p = e; /* an estimate, <= thr */
				else
					p = span_peak(ip, x, n, lo, hi, thr, m);
			}
			pkc[c] = p;
			top = p > top ? p : top;
		}
	}
	edge_peaks(ip, x, n, &pre, &post);
	for (size_t c = 0; c < nch && c * CHUNK < (size_t)HALF; c++)
		pkc[c] = pre > pkc[c] ? pre : pkc[c];
	for (size_t c = nch; c-- > 0 && (nch - c - 1) * CHUNK < (size_t)HALF + CHUNK;)
		pkc[c] = post > pkc[c] ? post : pkc[c];
	top = pre > top ? pre : top;
	top = post > top ? post : top;
	return top;
}

static double true_peak(const float *x, size_t n)
{
	struct interp ip;
	size_t nb = (n + BLOCK - 1) / BLOCK;
	float *bm;
	float top, post;

	if (n == 0)
		return 0.0;
	interp_init(&ip);
	edge_peaks(&ip, x, n, &top, &post);
	if (post > top)
		top = post;
	bm = malloc(nb * sizeof(*bm));
	if (!bm) {
		/* No room for block maxima: check every interval. */
		for (size_t i = 0; i < n; i++) {
			float v = interval_peak(&ip, x, n, (long)i);

			if (v > top)
				top = v;
		}
		return top;
	}
	vec_block_abs_max(x, n, BLOCK, bm);
	for (size_t b = 0; b < nb; b++) {
		size_t lo = b * BLOCK, hi = lo + BLOCK < n ? lo + BLOCK : n;

		/* A block that cannot beat the best so far is not interpolated. */
		if (neighbourhood_max(bm, nb, b) * ip.worst <= top) {
			if (bm[b] > top)
				top = bm[b];
			continue;
		}
		{
			float v = span_peak(&ip, x, n, lo, hi, top, neighbourhood_max(bm, nb, b));

			if (v > top)
				top = v;
		}
	}
	free(bm);
	return top;
}

/*
 * The gain envelope is computed on chunk boundaries (every CHUNK samples) and
 * interpolated linearly in between: it is smooth anyway (its fastest move is
 * the look-ahead ramp), and this makes the envelope passes CHUNK times
 * cheaper. Boundary j gets the gain that keeps every interval touching the
 * chunks on both sides of it under `c`, so a straight line between two
 * boundaries stays under what every sample of the chunk between needs.
 */
static void needed_gain_chunks(const float *pkc, size_t nch, float c, float *r, size_t nc)
{
	float prev = 1.0f, prev2 = 1.0f; /* needs of chunks j-1 and j-2 */

	for (size_t j = 0; j < nc; j++) {
		float need = 1.0f, n1;

		if (j < nch)
			need = pkc[j] > c ? c / pkc[j] : 1.0f;
		/* Chunk j-1's last interval [i, i+1) also touches chunk j's first
		 * sample: chunk j needs min(need, prev). Boundary j sits between
		 * chunks j-1 and j. */
		n1 = need < prev ? need : prev;
		r[j] = n1 < prev2 ? n1 : prev2;
		prev2 = prev;
		prev = need;
	}
}

/* h[i] = min(r[i .. i+len-1]); values past the end count as 1. By doubling:
 * after the step with width w, t[i] is the minimum of w consecutive values,
 * and two overlapping windows of the largest width cover len (min is exact,
 * so this gives the same values as a sliding minimum). `t` has room for
 * n + len values. */
static void lookahead_min(const float *r, float *h, size_t n, size_t len, float *t)
{
	size_t w = 1, m = n + len;

	memcpy(t, r, n * sizeof(*t));
	for (size_t i = n; i < m; i++)
		t[i] = 1.0f;
	while (2 * w <= len) {
		vec_min_shift(t, m - w, w);
		m -= w;
		w *= 2;
	}
	/* t[i] = min(r[i .. i+w-1]) for i < m; windows i and i + len - w. */
	vec_min_pair(h, t, t + (len - w), n);
}

static void release(float *h, size_t n, double a)
{
	double g = h[0];

	for (size_t i = 0; i < n; i++) {
		g += (1.0 - g) * a;
		if (h[i] < g)
			g = h[i];
		h[i] = (float)g;
	}
}

/* out[i] = mean(in[i-len+1 .. i]), indices before 0 taking in[0]. */
static void moving_average(const float *in, float *out, size_t n, size_t len)
{
	double sum = (double)in[0] * len, inv = 1.0 / len;

	for (size_t i = 0; i < n; i++) {
		sum += in[i] - (i >= len ? in[i - len] : in[0]);
		out[i] = (float)(sum * inv);
		/* Moving averages never exceed the largest input; keep rounding from
		 * making it so. */
		if (out[i] > 1.0f)
			out[i] = 1.0f;
	}
}

void lim_cache_release(struct lim_cache *cache)
{
	free(cache->pk0);
	free(cache->bm0);
	free(cache->pkq);
	free(cache->pwq);
	cache->pk0 = NULL;
	cache->bm0 = NULL;
	cache->pkq = NULL;
	cache->pwq = NULL;
	cache->nq = 0;
	cache->n = 0;
	cache->gmax = 0.0f;
}

/* Headroom of a cached peak map: later rounds may raise the gain this much. */
#define CACHE_HEADROOM 1.4125375f /* +3 dB */
#define COARSE         32 /* samples per step of the predicted gain curve (CHUNK divides it) */

/*
 * Makes sure the cache holds the peak map of src for gains up to at least g:
 * exact interval peaks wherever g x peak could pass aim, lower estimates that
 * stay <= aim elsewhere; the block maxima; and, for lim_predict(), the
 * largest peak and the power of every COARSE samples.
 */
static int cache_ensure(const struct interp *ip, const float *src, size_t n, float g, float aim,
                        struct lim_cache *cache)
{
	size_t nch = (n + CHUNK - 1) / CHUNK, nb = (n + BLOCK - 1) / BLOCK;
	size_t nq = (n + COARSE - 1) / COARSE, per = COARSE / CHUNK;

	if (cache->pk0 && cache->n == n && g <= cache->gmax)
		return 0;
	lim_cache_release(cache);
	cache->pk0 = malloc(nch * sizeof(*cache->pk0));
	cache->bm0 = malloc(nb * sizeof(*cache->bm0));
	cache->pkq = malloc(nq * sizeof(*cache->pkq));
	cache->pwq = malloc(nq * sizeof(*cache->pwq));
	if (!cache->pk0 || !cache->bm0 || !cache->pkq || !cache->pwq) {
		lim_cache_release(cache);
		return -1;
	}
	cache->n = n;
	cache->nq = nq;
	cache->gmax = g * CACHE_HEADROOM;
	/* One pass for the block maxima and the power (BLOCK divides COARSE). */
	vec_block_max_power(src, n, BLOCK, COARSE / BLOCK, cache->bm0, cache->pwq);
	detect_from_bm(ip, src, n, aim / cache->gmax, cache->pk0, cache->bm0, NULL);
	for (size_t q = 0; q < nq; q++) {
		size_t c1 = (q + 1) * per < nch ? (q + 1) * per : nch;

		cache->pkq[q] = vec_abs_max(cache->pk0 + q * per, c1 - q * per);
	}
	return 0;
}

/*
 * Fills the peak map and the block maxima for x = g * src from the cache
 * (computing the cache if it does not cover g); x itself is left to the
 * caller. Exact interval peaks scale with the
 * gain; the lower estimates of the cache are <= aim / gmax, so scaled they
 * stay <= aim. Returns the top.
 */
static int peaks_from_cache(const struct interp *ip, const float *src, size_t n, float g, float aim,
                            struct lim_cache *cache, float *pkc, float *bm, float *top)
{
	size_t nch = (n + CHUNK - 1) / CHUNK;
	size_t nb = (n + BLOCK - 1) / BLOCK;

	if (cache_ensure(ip, src, n, g, aim, cache) != 0)
		return -1;
	/* Rounding is monotonic: the block maxima of src * g are those of src,
	 * times g, to the bit. */
	for (size_t b = 0; b < nb; b++)
		bm[b] = cache->bm0[b] * g;
	vec_scale_copy(pkc, cache->pk0, nch, g);
	*top = vec_abs_max(pkc, nch); /* peaks are >= 0 */
	return 0;
}

static int lim_params(const struct lim_cfg *cfg, unsigned rate, float *c, float *target, float *aim,
                      size_t *len);

int lim_process(const struct lim_cfg *cfg, float *x, size_t n, unsigned rate, struct lim_stats *st,
                struct tb_err *err)
{
	return lim_process_gain(cfg, NULL, x, n, rate, 0.0, NULL, st, err);
}

static int process_gain(const struct lim_cfg *cfg, const float *src, float *x, size_t n,
                        unsigned rate, double gain_db, struct lim_cache *cache,
                        struct lim_stats *st, struct tb_err *err)
{
	struct interp ip;
	struct lim_stats local = {0};
	float c, target, aim, top, g;
	float *pk = NULL, *a = NULL, *b = NULL, *bm = NULL;
	unsigned char *dirty = NULL;
	float *dq = NULL;
	size_t len, nb, nch, nc, lc;
	double rel;
	int rc = 0, pending = 0;

	if (!st)
		st = &local;
	*st = (struct lim_stats){0};
	st->min_gain = 1.0;
	if (lim_params(cfg, rate, &c, &target, &aim, &len) != 0)
		return err_set(err, TB_E_USAGE, "limiter: bad configuration");
	if (n == 0)
		return 0;
	rel = 1.0 - exp(-1000.0 * CHUNK / (cfg->release_ms * rate));

	nb = (n + BLOCK - 1) / BLOCK;
	nch = (n + CHUNK - 1) / CHUNK;
	nc = (n - 1) / CHUNK + 2; /* boundaries 0 .. nc-1 cover every sample */
	lc = (len + CHUNK - 1) / CHUNK;
	pk = malloc(nch * sizeof(*pk));
	a = malloc(nc * sizeof(*a));
	b = malloc(nc * sizeof(*b));
	bm = malloc(nb * sizeof(*bm));
	dirty = malloc(nb);
	dq = malloc((nc + lc) * sizeof(*dq));
	if (!pk || !a || !b || !bm || !dirty || !dq) {
		rc = err_set(err, TB_E_NOMEM, "limiter: out of memory for %zu samples", n);
		goto out;
	}
	interp_init(&ip);
	g = (float)pow(10.0, gain_db / 20.0);
	if (src && !cache)
		vec_scale_copy(x, src, n, g);
	else if (!src && gain_db != 0.0)
		vec_scale(x, n, g);
	if (src && cache) {
		pending = 1; /* x = src * g is written with the first pass's gain */
		if (peaks_from_cache(&ip, src, n, g, aim, cache, pk, bm, &top) != 0) {
			rc = err_set(err, TB_E_NOMEM, "limiter: out of memory for %zu samples", n);
			goto out;
		}
	} else {
		top = detect(&ip, x, n, aim, pk, bm, NULL);
	}
	st->peak_in = top;
	for (int pass = 0; top > target && pass < MAX_PASSES; pass++) {
		size_t l1 = (lc + 1) / 2, l2 = lc + 1 - l1;

		st->passes++;
		needed_gain_chunks(pk, nch, aim, a, nc); /* a: needed gain per boundary */
		lookahead_min(a, b, nc, lc, dq);         /* b: look-ahead minimum */
		release(b, nc, rel);
		/* Two averages of total span lc + 1: each gain is a mean of look-ahead
		 * minima whose windows all contain boundary j, so it stays <= a[j]. */
		moving_average(b, a, nc, l1);
		moving_average(a, b, nc, l2);
		memset(dirty, 0, nb);
		if (pending)
			vec_envelope_mul_from(x, src, n, g, b, nc, CHUNK);
		else
			vec_envelope_mul(x, n, b, nc, CHUNK);
		pending = 0;
		for (size_t k = 0; k + 1 < nc; k++) {
			float e0 = b[k];
			size_t lo = k * CHUNK, hi = lo + CHUNK < n ? lo + CHUNK : n;

			if (e0 >= 1.0f && b[k + 1] >= 1.0f)
				continue;
			dirty[lo / BLOCK] = 1;
			dirty[(hi - 1) / BLOCK] = 1;
			st->reduced += hi - lo;
			if (e0 < st->min_gain)
				st->min_gain = e0;
			if (b[k + 1] < st->min_gain)
				st->min_gain = b[k + 1];
		}
		/* Only the neighbourhood of changed samples can have changed. */
		top = detect(&ip, x, n, aim, pk, bm, dirty);
	}
	if (pending)
		vec_scale_copy(x, src, n, g);
	if (top > target) {
		/* Passes did not settle: scale the whole piece (linear, so exact). */
		float sc = aim / top;

		vec_scale(x, n, sc);
		st->fallback_scaled = 1;
		st->min_gain *= sc;
		top = detect(&ip, x, n, aim, pk, bm, NULL);
	}
	/* The map now holds exact peaks wherever they come near the ceiling. */
	{
		float m = vec_abs_max(pk, nch); /* peaks are >= 0 */

		top = m > top ? m : top;
	}
	st->peak_out = top;
	/* bm holds the block maxima of the output, every one up to date. */
	st->sample_peak_out = vec_abs_max(bm, nb);
out:
	free(pk);
	free(dirty);
	free(a);
	free(b);
	free(bm);
	free(dq);
	return rc;
}

double lim_true_peak(const float *x, size_t n)
{
	unsigned fp = vec_fast_fp_enter();
	double v = true_peak(x, n);

	vec_fast_fp_leave(fp);
	return v;
}

int lim_process_gain(const struct lim_cfg *cfg, const float *src, float *x, size_t n, unsigned rate,
                     double gain_db, struct lim_cache *cache, struct lim_stats *st,
                     struct tb_err *err)
{
	unsigned fp = vec_fast_fp_enter();
	int rc = process_gain(cfg, src, x, n, rate, gain_db, cache, st, err);

	vec_fast_fp_leave(fp);
	return rc;
}

/* The settings' derived numbers, shared by the limiter and the prediction. */
static int lim_params(const struct lim_cfg *cfg, unsigned rate, float *c, float *target, float *aim,
                      size_t *len)
{
	if (!cfg || rate == 0 || !(cfg->ceiling_dbtp <= 0.0) || !(cfg->ceiling_dbtp > -60.0) ||
	    !(cfg->lookahead_ms >= 0.1) || !(cfg->release_ms >= 1.0))
		return -1;
	*c = (float)pow(10.0, cfg->ceiling_dbtp / 20.0);
	/* Check against a hair under the ceiling, and aim the gain a hair lower
	 * still (0.001 dB), so float rounding in x * g cannot cross the check. */
	*target = *c * 0.99999f;
	*aim = *c * 0.9999f;
	*len = (size_t)(cfg->lookahead_ms * rate / 1000.0 + 0.5);
	if (*len < 2)
		*len = 2;
	return 0;
}

static int predict(const struct lim_cfg *cfg, const float *src, size_t n, unsigned rate,
                   double gain_db, struct lim_cache *cache, size_t sub, double *ratio, size_t nsub,
                   struct tb_err *err)
{
	struct interp ip;
	float c, target, aim, g = (float)pow(10.0, gain_db / 20.0);
	float *pq = NULL, *a = NULL, *b = NULL;
	double rel;
	float *dq = NULL;
	size_t len, lcq, nq, ncq;
	int rc = 0;

	for (size_t j = 0; j < nsub; j++)
		ratio[j] = 1.0;
	if (lim_params(cfg, rate, &c, &target, &aim, &len) != 0 || sub == 0)
		return err_set(err, TB_E_USAGE, "limiter: bad configuration");
	if (n == 0)
		return 0;
	interp_init(&ip);
	if (cache_ensure(&ip, src, n, g, aim, cache) != 0)
		return err_set(err, TB_E_NOMEM, "limiter: out of memory for %zu samples", n);
	nq = cache->nq;
	ncq = (n - 1) / COARSE + 2;
	lcq = (len + COARSE - 1) / COARSE;
	rel = 1.0 - exp(-1000.0 * COARSE / (cfg->release_ms * rate));
	pq = malloc(nq * sizeof(*pq));
	a = malloc(ncq * sizeof(*a));
	b = malloc(ncq * sizeof(*b));
	dq = malloc((ncq + lcq) * sizeof(*dq));
	if (!pq || !a || !b || !dq) {
		rc = err_set(err, TB_E_NOMEM, "limiter: out of memory for %zu samples", n);
		goto out;
	}
	vec_scale_copy(pq, cache->pkq, nq, g);
	if (vec_abs_max(pq, nq) > target) {
		size_t l1 = (lcq + 1) / 2, l2 = lcq + 1 - l1;

		/* The limiter's first pass on a coarse grid. */
		needed_gain_chunks(pq, nq, aim, a, ncq);
		lookahead_min(a, b, ncq, lcq, dq);
		release(b, ncq, rel);
		moving_average(b, a, ncq, l1);
		moving_average(a, b, ncq, l2);
		/* Step q belongs to the sub-block its first sample is in. */
		for (size_t j = 0, q = 0; j < nsub; j++) {
			size_t end = ((j + 1) * sub + COARSE - 1) / COARSE;
			double num = 0.0, sum = 0.0;

			for (; q < end && q < nq; q++) {
				double g0 = b[q], g1 = b[q + 1];

				num += (g0 * g0 + g0 * g1 + g1 * g1) * cache->pwq[q];
				sum += cache->pwq[q];
			}
			ratio[j] = sum > 0.0 ? num / (3.0 * sum) : 1.0;
		}
	}
out:
	free(pq);
	free(a);
	free(b);
	free(dq);
	return rc;
}

int lim_predict(const struct lim_cfg *cfg, const float *src, size_t n, unsigned rate,
                double gain_db, struct lim_cache *cache, size_t sub, double *ratio, size_t nsub,
                struct tb_err *err)
{
	unsigned fp = vec_fast_fp_enter();
	int rc = predict(cfg, src, n, rate, gain_db, cache, sub, ratio, nsub, err);

	vec_fast_fp_leave(fp);
	return rc;
}
