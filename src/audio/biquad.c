#include "audio/biquad.h"

#include <math.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static void set_normalized(struct bq *s, double b0, double b1, double b2, double a0, double a1,
                           double a2)
{
	s->b0 = b0 / a0;
	s->b1 = b1 / a0;
	s->b2 = b2 / a0;
	s->a1 = a1 / a0;
	s->a2 = a2 / a0;
	bq_reset(s);
}

void bq_lowpass(struct bq *s, double rate, double f0, double q)
{
	double w0 = 2.0 * M_PI * f0 / rate;
	double c = cos(w0), alpha = sin(w0) / (2.0 * q);

	set_normalized(s, (1.0 - c) / 2.0, 1.0 - c, (1.0 - c) / 2.0, 1.0 + alpha, -2.0 * c,
	               1.0 - alpha);
}

void bq_highpass(struct bq *s, double rate, double f0, double q)
{
	double w0 = 2.0 * M_PI * f0 / rate;
	double c = cos(w0), alpha = sin(w0) / (2.0 * q);

	set_normalized(s, (1.0 + c) / 2.0, -(1.0 + c), (1.0 + c) / 2.0, 1.0 + alpha, -2.0 * c,
	               1.0 - alpha);
}

void bq_reset(struct bq *s)
{
	s->z1 = 0.0;
	s->z2 = 0.0;
}

void bq_run(struct bq *s, float *x, size_t n)
{
	double b0 = s->b0, b1 = s->b1, b2 = s->b2, a1 = s->a1, a2 = s->a2;
	double z1 = s->z1, z2 = s->z2;

	for (size_t i = 0; i < n; i++) {
		double in = x[i];
		double out = b0 * in + z1;

		z1 = b1 * in - a1 * out + z2;
		z2 = b2 * in - a2 * out;
		x[i] = (float)out;
	}
	/* Keep denormals out of the state after long silences. */
	if (fabs(z1) < 1e-30)
		z1 = 0.0;
	if (fabs(z2) < 1e-30)
		z2 = 0.0;
	s->z1 = z1;
	s->z2 = z2;
}

double bq_response_db(const struct bq *s, double rate, double f)
{
	double w = 2.0 * M_PI * f / rate;
	double c1 = cos(w), s1 = sin(w), c2 = cos(2.0 * w), s2 = sin(2.0 * w);
	/* H(e^jw) = (b0 + b1 e^-jw + b2 e^-2jw) / (1 + a1 e^-jw + a2 e^-2jw) */
	double nr = s->b0 + s->b1 * c1 + s->b2 * c2, ni = -(s->b1 * s1 + s->b2 * s2);
	double dr = 1.0 + s->a1 * c1 + s->a2 * c2, di = -(s->a1 * s1 + s->a2 * s2);
	double num = nr * nr + ni * ni, den = dr * dr + di * di;

	if (num <= 0.0)
		return -400.0;
	return 10.0 * log10(num / den);
}

int bq_chain_add_butterworth(struct bq_chain *c, enum bq_kind kind, int order, double rate,
                             double f0)
{
	static const double q2[] = {0.70710678118654752};
	static const double q4[] = {0.54119610014619698, 1.30656296487637653};
	const double *qs;
	int k;

	if (order == 2) {
		qs = q2;
		k = 1;
	} else if (order == 4) {
		qs = q4;
		k = 2;
	} else {
		return -1;
	}
	if (!(f0 > 0.0) || !(f0 < rate / 2.0) || c->n < 0 || c->n + k > BQ_MAX_SECTIONS)
		return -1;
	for (int i = 0; i < k; i++) {
		struct bq *s = &c->s[c->n++];

		if (kind == BQ_LOWPASS)
			bq_lowpass(s, rate, f0, qs[i]);
		else
			bq_highpass(s, rate, f0, qs[i]);
	}
	return 0;
}

static double flush_state(double z)
{
	return fabs(z) < 1e-30 ? 0.0 : z;
}

/* Four sections in one loop (a high-pass and a low-pass cascade): the same
 * arithmetic as one section after the other, with four chains in flight. */
static void run4(struct bq *s, float *x, size_t n)
{
	double b00 = s[0].b0, b01 = s[0].b1, b02 = s[0].b2, a01 = s[0].a1, a02 = s[0].a2;
	double b10 = s[1].b0, b11 = s[1].b1, b12 = s[1].b2, a11 = s[1].a1, a12 = s[1].a2;
	double b20 = s[2].b0, b21 = s[2].b1, b22 = s[2].b2, a21 = s[2].a1, a22 = s[2].a2;
	double b30 = s[3].b0, b31 = s[3].b1, b32 = s[3].b2, a31 = s[3].a1, a32 = s[3].a2;
	double z01 = s[0].z1, z02 = s[0].z2, z11 = s[1].z1, z12 = s[1].z2;
	double z21 = s[2].z1, z22 = s[2].z2, z31 = s[3].z1, z32 = s[3].z2;

	for (size_t i = 0; i < n; i++) {
		double in = x[i], y0 = b00 * in + z01, y1, y2, y3;
		float f1;

		z01 = b01 * in - a01 * y0 + z02;
		z02 = b02 * in - a02 * y0;
		y1 = b10 * y0 + z11;
		z11 = b11 * y0 - a11 * y1 + z12;
		z12 = b12 * y0 - a12 * y1;
		/* The pairs met in float between passes: keep that rounding. */
		f1 = (float)y1;
		in = f1;
		y2 = b20 * in + z21;
		z21 = b21 * in - a21 * y2 + z22;
		z22 = b22 * in - a22 * y2;
		y3 = b30 * y2 + z31;
		z31 = b31 * y2 - a31 * y3 + z32;
		z32 = b32 * y2 - a32 * y3;
		x[i] = (float)y3;
	}
	s[0].z1 = flush_state(z01);
	s[0].z2 = flush_state(z02);
	s[1].z1 = flush_state(z11);
	s[1].z2 = flush_state(z12);
	s[2].z1 = flush_state(z21);
	s[2].z2 = flush_state(z22);
	s[3].z1 = flush_state(z31);
	s[3].z2 = flush_state(z32);
}

/*
 * Two halves of a long buffer at once, one per lane of an SSE2 vector (the
 * scalar double arithmetic above, two samples per instruction). The second
 * half starts from a state built by running the cascade from rest over the
 * `warm` samples before it: the state forgets its start as r^warm, where r is
 * the largest pole radius, and warm is chosen so that this is below 1e-13,
 * far under float resolution. Only for cascades of 2 or 4 sections.
 */
#define LANE_MIN  65536 /* shorter buffers run in one lane */
#define WARM_STEP 256   /* samples per stretch of the warm-up */

static size_t warm_up_length(const struct bq *s, int k)
{
	double r = 0.0;

	for (int i = 0; i < k; i++) {
		double a1 = s[i].a1, a2 = s[i].a2, disc = a1 * a1 - 4.0 * a2, ri;

		if (disc < 0.0) {
			ri = sqrt(a2);
		} else {
			double q = -0.5 * (a1 + (a1 < 0.0 ? -sqrt(disc) : sqrt(disc)));

			ri = fabs(q);
			if (q != 0.0 && fabs(a2 / q) > ri)
				ri = fabs(a2 / q);
		}
		r = ri > r ? ri : r;
	}
	if (!(r < 1.0))
		return (size_t)-1;
	if (r < 1e-3)
		return 8;
	return (size_t)(log(1e-13) / log(r)) + 8;
}

#if defined(__SSE2__)
#include <emmintrin.h>

struct bq2 {
	__m128d b0, b1, b2, a1, a2, z1, z2;
};

static void bq2_load(struct bq2 *v, const struct bq *s, const struct bq *warm)
{
	v->b0 = _mm_set1_pd(s->b0);
	v->b1 = _mm_set1_pd(s->b1);
	v->b2 = _mm_set1_pd(s->b2);
	v->a1 = _mm_set1_pd(s->a1);
	v->a2 = _mm_set1_pd(s->a2);
	v->z1 = _mm_setr_pd(s->z1, warm->z1);
	v->z2 = _mm_setr_pd(s->z2, warm->z2);
}

#define BQ2_STEP(v, in, out)                                                                       \
	do {                                                                                       \
		out = _mm_add_pd(_mm_mul_pd((v).b0, in), (v).z1);                                  \
		(v).z1 = _mm_add_pd(_mm_sub_pd(_mm_mul_pd((v).b1, in), _mm_mul_pd((v).a1, out)),   \
		                    (v).z2);                                                       \
		(v).z2 = _mm_sub_pd(_mm_mul_pd((v).b2, in), _mm_mul_pd((v).a2, out));              \
	} while (0)

static __m128d round_to_float(__m128d v)
{
	return _mm_cvtps_pd(_mm_cvtpd_ps(v));
}

static int run_lanes(struct bq *s, int k, float *x, size_t n)
{
	struct bq warm[4];
	struct bq2 v[4];
	size_t w, half = n / 2;
	float tmp[2];

	if ((k != 2 && k != 4) || n < LANE_MIN)
		return -1;
	w = warm_up_length(s, k);
	if (w > half / 2)
		return -1;
	/* The second lane's state: the cascade from rest over [half - w, half). */
	for (int i = 0; i < k; i++) {
		warm[i] = s[i];
		bq_reset(&warm[i]);
	}
	/* x itself must not change yet: run on copies, a stretch at a time. */
	for (size_t off = half - w; off < half; off += WARM_STEP) {
		float buf[WARM_STEP];
		size_t len = half - off < WARM_STEP ? half - off : WARM_STEP;

		memcpy(buf, x + off, len * sizeof(*buf));
		for (int i = 0; i + 1 < k; i += 2) {
			struct bq_chain c2 = {.n = 2};

			c2.s[0] = warm[i];
			c2.s[1] = warm[i + 1];
			bq_chain_run(&c2, buf, len);
			warm[i] = c2.s[0];
			warm[i + 1] = c2.s[1];
		}
	}
	for (int i = 0; i < k; i++)
		bq2_load(&v[i], &s[i], &warm[i]);
	for (size_t t = 0; t < half; t++) {
		__m128d in = _mm_cvtps_pd(_mm_setr_ps(x[t], x[half + t], 0.0f, 0.0f)), y0, y1;

		BQ2_STEP(v[0], in, y0);
		BQ2_STEP(v[1], y0, y1);
		if (k == 4) {
			__m128d y2, y3;

			y1 = round_to_float(y1); /* the pairs meet in float */
			BQ2_STEP(v[2], y1, y2);
			BQ2_STEP(v[3], y2, y3);
			y1 = y3;
		}
		_mm_storel_pi((__m64 *)(void *)tmp, _mm_cvtpd_ps(y1));
		x[t] = tmp[0];
		x[half + t] = tmp[1];
	}
	/* An odd last sample: the second lane goes on alone. */
	for (int i = 0; i < k; i++) {
		double z1[2], z2[2];

		_mm_storeu_pd(z1, v[i].z1);
		_mm_storeu_pd(z2, v[i].z2);
		s[i].z1 = z1[1];
		s[i].z2 = z2[1];
	}
	if (2 * half < n) {
		for (int i = 0; i + 1 < k; i += 2) {
			struct bq_chain c2 = {.n = 2};

			c2.s[0] = s[i];
			c2.s[1] = s[i + 1];
			bq_chain_run(&c2, x + 2 * half, n - 2 * half);
			s[i] = c2.s[0];
			s[i + 1] = c2.s[1];
		}
	}
	for (int i = 0; i < k; i++) {
		s[i].z1 = flush_state(s[i].z1);
		s[i].z2 = flush_state(s[i].z2);
	}
	return 0;
}
#else
static int run_lanes(struct bq *s, int k, float *x, size_t n)
{
	(void)s;
	(void)k;
	(void)x;
	(void)n;
	return -1;
}
#endif

/* All sections per sample in one loop: the sections' recursions are
 * independent chains the CPU can overlap, and the data is touched once. */
void bq_chain_run(struct bq_chain *c, float *x, size_t n)
{
	struct bq *s = c->s;
	int k = c->n;

	if (run_lanes(s, k, x, n) == 0)
		return;
	if (k == 4) {
		run4(s, x, n);
		return;
	}
	if (k == 1 || k == 3) {
		bq_run(&s[0], x, n);
		s++;
		k--;
	}
	for (; k > 0; k -= 2, s += 2) {
		double b00 = s[0].b0, b01 = s[0].b1, b02 = s[0].b2, a01 = s[0].a1, a02 = s[0].a2;
		double b10 = s[1].b0, b11 = s[1].b1, b12 = s[1].b2, a11 = s[1].a1, a12 = s[1].a2;
		double z01 = s[0].z1, z02 = s[0].z2, z11 = s[1].z1, z12 = s[1].z2;

		for (size_t i = 0; i < n; i++) {
			double in = x[i], y0 = b00 * in + z01, y1;

			z01 = b01 * in - a01 * y0 + z02;
			z02 = b02 * in - a02 * y0;
			y1 = b10 * y0 + z11;
			z11 = b11 * y0 - a11 * y1 + z12;
			z12 = b12 * y0 - a12 * y1;
			x[i] = (float)y1;
		}
		s[0].z1 = fabs(z01) < 1e-30 ? 0.0 : z01;
		s[0].z2 = fabs(z02) < 1e-30 ? 0.0 : z02;
		s[1].z1 = fabs(z11) < 1e-30 ? 0.0 : z11;
		s[1].z2 = fabs(z12) < 1e-30 ? 0.0 : z12;
	}
}

void bq_chain_reset(struct bq_chain *c)
{
	for (int i = 0; i < c->n; i++)
		bq_reset(&c->s[i]);
}

double bq_chain_response_db(const struct bq_chain *c, double rate, double f)
{
	double db = 0.0;

	for (int i = 0; i < c->n; i++)
		db += bq_response_db(&c->s[i], rate, f);
	return db;
}
