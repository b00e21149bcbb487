#include "audio/vec.h"

#include <math.h>

#if defined(__SSE2__)
#include <emmintrin.h>

float vec_abs_max(const float *x, size_t n)
{
	const __m128 sign = _mm_set1_ps(-0.0f);
	__m128 m0 = _mm_setzero_ps(), m1 = _mm_setzero_ps();
	float lanes[4], m;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		m0 = _mm_max_ps(m0, _mm_andnot_ps(sign, _mm_loadu_ps(x + i)));
		m1 = _mm_max_ps(m1, _mm_andnot_ps(sign, _mm_loadu_ps(x + i + 4)));
	}
	_mm_storeu_ps(lanes, _mm_max_ps(m0, m1));
	m = lanes[0];
	for (int l = 1; l < 4; l++)
		m = lanes[l] > m ? lanes[l] : m;
	for (; i < n; i++)
		m = fabsf(x[i]) > m ? fabsf(x[i]) : m;
	return m;
}

/* Horizontal max of four lanes. */
static float hmax(__m128 v)
{
	v = _mm_max_ps(v, _mm_shuffle_ps(v, v, _MM_SHUFFLE(1, 0, 3, 2)));
	v = _mm_max_ps(v, _mm_shuffle_ps(v, v, _MM_SHUFFLE(2, 3, 0, 1)));
	return _mm_cvtss_f32(v);
}

void vec_block_abs_max(const float *x, size_t n, size_t block, float *out)
{
	const __m128 sign = _mm_set1_ps(-0.0f);
	size_t nb = (n + block - 1) / block, b = 0;

	if (block % 4 == 0) {
		for (; (b + 1) * block <= n; b++) {
			const float *p = x + b * block;
			__m128 m = _mm_andnot_ps(sign, _mm_loadu_ps(p));

			for (size_t i = 4; i < block; i += 4)
				m = _mm_max_ps(m, _mm_andnot_ps(sign, _mm_loadu_ps(p + i)));
			out[b] = hmax(m);
		}
	}
	for (; b < nb; b++) {
		size_t lo = b * block, hi = lo + block < n ? lo + block : n;

		out[b] = vec_abs_max(x + lo, hi - lo);
	}
}

void vec_ramp_mul(float *x, size_t n, float e0, float step)
{
	const __m128 ev = _mm_set1_ps(e0), sv = _mm_set1_ps(step);
	__m128 idx = _mm_setr_ps(0.0f, 1.0f, 2.0f, 3.0f);
	size_t i = 0;

	for (; i + 4 <= n; i += 4) {
		__m128 g = _mm_add_ps(ev, _mm_mul_ps(sv, idx));

		_mm_storeu_ps(x + i, _mm_mul_ps(_mm_loadu_ps(x + i), g));
		idx = _mm_add_ps(idx, _mm_set1_ps(4.0f));
	}
	for (; i < n; i++)
		x[i] *= e0 + step * (float)i;
}

void vec_envelope_mul(float *x, size_t n, const float *g, size_t nc, size_t chunk)
{
	const __m128 i0 = _mm_setr_ps(0.0f, 1.0f, 2.0f, 3.0f),
	             i1 = _mm_setr_ps(4.0f, 5.0f, 6.0f, 7.0f);

	for (size_t k = 0; k + 1 < nc; k++) {
		float e0 = g[k], step = (g[k + 1] - g[k]) / (float)chunk;
		size_t lo = k * chunk;

		if ((e0 >= 1.0f && g[k + 1] >= 1.0f) || lo >= n)
			continue;
		if (chunk == 8 && lo + 8 <= n) {
			__m128 ev = _mm_set1_ps(e0), sv = _mm_set1_ps(step);
			__m128 g0 = _mm_add_ps(ev, _mm_mul_ps(sv, i0));
			__m128 g1 = _mm_add_ps(ev, _mm_mul_ps(sv, i1));

			_mm_storeu_ps(x + lo, _mm_mul_ps(_mm_loadu_ps(x + lo), g0));
			_mm_storeu_ps(x + lo + 4, _mm_mul_ps(_mm_loadu_ps(x + lo + 4), g1));
		} else {
			vec_ramp_mul(x + lo, lo + chunk < n ? chunk : n - lo, e0, step);
		}
	}
}

double vec_sum_squares(const float *x, size_t n)
{
	__m128 s0 = _mm_setzero_ps(), s1 = _mm_setzero_ps();
	float l[4];
	double sum = 0.0;
	size_t i = 0;

	for (; i + 8 <= n; i += 8) {
		__m128 a = _mm_loadu_ps(x + i), b = _mm_loadu_ps(x + i + 4);

		s0 = _mm_add_ps(s0, _mm_mul_ps(a, a));
		s1 = _mm_add_ps(s1, _mm_mul_ps(b, b));
	}
	_mm_storeu_ps(l, _mm_add_ps(s0, s1));
	sum = (double)l[0] + l[1] + l[2] + l[3];
	for (; i < n; i++)
		sum += (double)x[i] * x[i];
	return sum;
}

float vec_abs_max_power(const float *x, size_t n, double *power)
{
	const __m128 sign = _mm_set1_ps(-0.0f);
	__m128 m = _mm_setzero_ps(), sq = _mm_setzero_ps();
	float l[4], mx;
	size_t i = 0;

	for (; i + 4 <= n; i += 4) {
		__m128 v = _mm_loadu_ps(x + i);

		m = _mm_max_ps(m, _mm_andnot_ps(sign, v));
		sq = _mm_add_ps(sq, _mm_mul_ps(v, v));
	}
	mx = hmax(m);
	_mm_storeu_ps(l, sq);
	*power += (double)l[0] + l[1] + l[2] + l[3];
	for (; i < n; i++) {
		mx = fabsf(x[i]) > mx ? fabsf(x[i]) : mx;
		*power += (double)x[i] * x[i];
	}
	return mx;
}

void vec_block_max_power(const float *x, size_t n, size_t block, size_t per, float *bm, double *pw)
{
	const __m128 sign = _mm_set1_ps(-0.0f);
	size_t nb = (n + block - 1) / block, ng = (nb + per - 1) / per, q = 0;

	if (block % 4 == 0) {
		for (; (q + 1) * per * block <= n; q++) {
			__m128 sq = _mm_setzero_ps();
			float l[4];

			for (size_t b = q * per; b < (q + 1) * per; b++) {
				const float *p = x + b * block;
				__m128 v = _mm_loadu_ps(p), m = _mm_andnot_ps(sign, v);

				sq = _mm_add_ps(sq, _mm_mul_ps(v, v));
				for (size_t i = 4; i < block; i += 4) {
					v = _mm_loadu_ps(p + i);
					m = _mm_max_ps(m, _mm_andnot_ps(sign, v));
					sq = _mm_add_ps(sq, _mm_mul_ps(v, v));
				}
				bm[b] = hmax(m);
			}
			_mm_storeu_ps(l, sq);
			pw[q] = (double)l[0] + l[1] + l[2] + l[3];
		}
	}
	for (; q < ng; q++) {
		pw[q] = 0.0;
		for (size_t b = q * per; b < (q + 1) * per && b < nb; b++) {
			size_t lo = b * block, len = lo + block < n ? block : n - lo;

			bm[b] = vec_abs_max_power(x + lo, len, &pw[q]);
		}
	}
}

void vec_min_shift(float *a, size_t n, size_t w)
{
	size_t i = 0;

	/* Each step reads a[i + w ..] before anything at or after it is written. */
	for (; i + 4 <= n; i += 4)
		_mm_storeu_ps(a + i, _mm_min_ps(_mm_loadu_ps(a + i), _mm_loadu_ps(a + i + w)));
	for (; i < n; i++)
		a[i] = a[i + w] < a[i] ? a[i + w] : a[i];
}

void vec_min_pair(float *out, const float *a, const float *b, size_t n)
{
	size_t i = 0;

	for (; i + 4 <= n; i += 4)
		_mm_storeu_ps(out + i, _mm_min_ps(_mm_loadu_ps(a + i), _mm_loadu_ps(b + i)));
	for (; i < n; i++)
		out[i] = b[i] < a[i] ? b[i] : a[i];
}

void vec_envelope_mul_from(float *x, const float *src, size_t n, float g, const float *env,
                           size_t nc, size_t chunk)
{
	const __m128 i0 = _mm_setr_ps(0.0f, 1.0f, 2.0f, 3.0f),
	             i1 = _mm_setr_ps(4.0f, 5.0f, 6.0f, 7.0f);
	const __m128 gv = _mm_set1_ps(g);

	for (size_t k = 0; k + 1 < nc; k++) {
		float e0 = env[k], step = (env[k + 1] - env[k]) / (float)chunk;
		size_t lo = k * chunk, len;

		if (lo >= n)
			break;
		len = lo + chunk < n ? chunk : n - lo;
		if (e0 >= 1.0f && env[k + 1] >= 1.0f) {
			vec_scale_copy(x + lo, src + lo, len, g);
		} else if (chunk == 8 && len == 8) {
			__m128 ev = _mm_set1_ps(e0), sv = _mm_set1_ps(step);
			__m128 g0 = _mm_add_ps(ev, _mm_mul_ps(sv, i0));
			__m128 g1 = _mm_add_ps(ev, _mm_mul_ps(sv, i1));
			__m128 a = _mm_mul_ps(_mm_loadu_ps(src + lo), gv);
			__m128 b = _mm_mul_ps(_mm_loadu_ps(src + lo + 4), gv);

			_mm_storeu_ps(x + lo, _mm_mul_ps(a, g0));
			_mm_storeu_ps(x + lo + 4, _mm_mul_ps(b, g1));
		} else {
			vec_scale_copy(x + lo, src + lo, len, g);
			vec_ramp_mul(x + lo, len, e0, step);
		}
	}
}

void vec_scale(float *x, size_t n, float g)
{
	const __m128 gv = _mm_set1_ps(g);
	size_t i = 0;

	for (; i + 4 <= n; i += 4)
		_mm_storeu_ps(x + i, _mm_mul_ps(_mm_loadu_ps(x + i), gv));
	for (; i < n; i++)
		x[i] *= g;
}

void vec_scale_copy(float *dst, const float *src, size_t n, float g)
{
	const __m128 gv = _mm_set1_ps(g);
	size_t i = 0;

	for (; i + 4 <= n; i += 4)
		_mm_storeu_ps(dst + i, _mm_mul_ps(_mm_loadu_ps(src + i), gv));
	for (; i < n; i++)
		dst[i] = src[i] * g;
}

#define FTZ_DAZ 0x8040u /* MXCSR flush-to-zero (bit 15) and denormals-are-zero (bit 6) */

unsigned vec_fast_fp_enter(void)
{
	unsigned saved = _mm_getcsr();

	_mm_setcsr(saved | FTZ_DAZ);
	return saved;
}

void vec_fast_fp_leave(unsigned saved)
{
	_mm_setcsr(saved);
}

#else

float vec_abs_max(const float *x, size_t n)
{
	float m = 0.0f;

	for (size_t i = 0; i < n; i++)
		m = fabsf(x[i]) > m ? fabsf(x[i]) : m;
	return m;
}

void vec_block_abs_max(const float *x, size_t n, size_t block, float *out)
{
	size_t nb = (n + block - 1) / block;

	for (size_t b = 0; b < nb; b++) {
		size_t lo = b * block, hi = lo + block < n ? lo + block : n;

		out[b] = vec_abs_max(x + lo, hi - lo);
	}
}

void vec_ramp_mul(float *x, size_t n, float e0, float step)
{
	for (size_t i = 0; i < n; i++)
		x[i] *= e0 + step * (float)i;
}

void vec_envelope_mul(float *x, size_t n, const float *g, size_t nc, size_t chunk)
{
	for (size_t k = 0; k + 1 < nc; k++) {
		float e0 = g[k], step = (g[k + 1] - g[k]) / (float)chunk;
		size_t lo = k * chunk;

		if ((e0 >= 1.0f && g[k + 1] >= 1.0f) || lo >= n)
			continue;
		vec_ramp_mul(x + lo, lo + chunk < n ? chunk : n - lo, e0, step);
	}
}

double vec_sum_squares(const float *x, size_t n)
{
	double sum = 0.0;

	for (size_t i = 0; i < n; i++)
		sum += (double)x[i] * x[i];
	return sum;
}

float vec_abs_max_power(const float *x, size_t n, double *power)
{
	*power += vec_sum_squares(x, n);
	return vec_abs_max(x, n);
}

void vec_block_max_power(const float *x, size_t n, size_t block, size_t per, float *bm, double *pw)
{
	size_t nb = (n + block - 1) / block, ng = (nb + per - 1) / per;

	for (size_t q = 0; q < ng; q++) {
		pw[q] = 0.0;
		for (size_t b = q * per; b < (q + 1) * per && b < nb; b++) {
			size_t lo = b * block, len = lo + block < n ? block : n - lo;

			bm[b] = vec_abs_max_power(x + lo, len, &pw[q]);
		}
	}
}

void vec_min_shift(float *a, size_t n, size_t w)
{
	for (size_t i = 0; i < n; i++)
		a[i] = a[i + w] < a[i] ? a[i + w] : a[i];
}

void vec_min_pair(float *out, const float *a, const float *b, size_t n)
{
	for (size_t i = 0; i < n; i++)
		out[i] = b[i] < a[i] ? b[i] : a[i];
}

void vec_envelope_mul_from(float *x, const float *src, size_t n, float g, const float *env,
                           size_t nc, size_t chunk)
{
	vec_scale_copy(x, src, n, g);
	vec_envelope_mul(x, n, env, nc, chunk);
}

void vec_scale(float *x, size_t n, float g)
{
	for (size_t i = 0; i < n; i++)
		x[i] *= g;
}

void vec_scale_copy(float *dst, const float *src, size_t n, float g)
{
	for (size_t i = 0; i < n; i++)
		dst[i] = src[i] * g;
}

unsigned vec_fast_fp_enter(void)
{
	return 0;
}

void vec_fast_fp_leave(unsigned saved)
{
	(void)saved;
}

#endif
