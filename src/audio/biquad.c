#include "audio/biquad.h"

#include <math.h>

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

/* All sections per sample in one loop: the sections' recursions are
 * independent chains the CPU can overlap, and the data is touched once. */
void bq_chain_run(struct bq_chain *c, float *x, size_t n)
{
	struct bq *s = c->s;
	int k = c->n;

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
