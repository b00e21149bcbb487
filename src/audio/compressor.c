#include "audio/compressor.h"

#include <math.h>
#include <string.h>

#define HOP         16                  /* samples per control point */
#define RMS_MS      20.0                /* detector smoothing */
#define LEVEL_FLOOR 1e-10               /* -100 dBFS mean square: silence */
#define DB_TO_LN    0.11512925464970229 /* ln(10) / 20: 10^(dB/20) = exp(dB x this) */

double comp_gain_db(const struct comp_cfg *cfg, double level_db)
{
	double over = level_db - cfg->threshold_db;
	double slope = 1.0 / (cfg->ratio < 1.0 ? 1.0 : cfg->ratio) - 1.0;
	double w = cfg->knee_db;

	if (2.0 * over <= -w)
		return 0.0;
	if (w > 0.0 && 2.0 * fabs(over) < w)
		return slope * (over + w / 2.0) * (over + w / 2.0) / (2.0 * w);
	return slope * over;
}

static double coef(double ms, double steps_per_s)
{
	if (ms <= 0.0)
		return 1.0;
	return 1.0 - exp(-1000.0 / (ms * steps_per_s));
}

void comp_process(const struct comp_cfg *cfg, float *x, size_t n, unsigned rate,
                  struct comp_stats *st)
{
	comp_process_to(cfg, x, x, n, rate, st);
}

void comp_process_to(const struct comp_cfg *cfg, const float *x, float *out, size_t n,
                     unsigned rate, struct comp_stats *st)
{
	double a_rms = coef(RMS_MS, rate);
	double a_att = coef(cfg->attack_ms, (double)rate / HOP);
	double a_rel = coef(cfg->release_ms, (double)rate / HOP);
	double makeup = pow(10.0, cfg->makeup_db / 20.0);
	double ms = 0.0, gr = 0.0, g_prev = makeup, sum_gr = 0.0;
	/* Below the knee the curve gives exactly 0 dB: no logarithm needed. */
	double quiet_ms = pow(10.0, (cfg->threshold_db - cfg->knee_db / 2.0) / 10.0) * (1.0 - 1e-9);
	/* A whole hop of the detector at once: after HOP steps of
	 * ms += a (x^2 - ms), ms = d ms0 + sum of w[k] x[k]^2 (independent
	 * products instead of one long chain of dependent ones). */
	double w[HOP], ramp[HOP], d = 1.0;
	size_t active = 0;
	struct comp_stats local;

	if (!st)
		st = &local;
	st->max_reduction_db = 0.0;
	st->mean_reduction_db = 0.0;
	for (int k = HOP - 1; k >= 0; k--) {
		w[k] = a_rms * d;
		d *= 1.0 - a_rms;
		ramp[k] = (double)(k + 1);
	}
	for (size_t lo = 0; lo < n; lo += HOP) {
		size_t hi = lo + HOP < n ? lo + HOP : n;
		double want, g, step;

		/* Detector over this hop (feed-forward: the level includes the hop). */
		if (hi - lo == HOP) {
			double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;

			for (size_t k = 0; k < HOP; k += 4) {
				const float *p = x + lo + k;

				s0 += w[k] * ((double)p[0] * p[0]);
				s1 += w[k + 1] * ((double)p[1] * p[1]);
				s2 += w[k + 2] * ((double)p[2] * p[2]);
				s3 += w[k + 3] * ((double)p[3] * p[3]);
			}
			ms = d * ms + ((s0 + s1) + (s2 + s3));
		} else {
			for (size_t i = lo; i < hi; i++)
				ms += a_rms * ((double)x[i] * x[i] - ms);
		}
		if (ms < LEVEL_FLOOR * 1e-3)
			ms = 0.0; /* keep denormals out */
		if (ms < quiet_ms && quiet_ms > LEVEL_FLOOR)
			want = 0.0;
		else
			want = comp_gain_db(cfg, 10.0 * log10(ms > LEVEL_FLOOR ? ms : LEVEL_FLOOR));
		gr += (want < gr ? a_att : a_rel) * (want - gr);
		if (-gr > st->max_reduction_db)
			st->max_reduction_db = -gr;
		if (ms > 1e-7) {
			sum_gr += -gr;
			active++;
		}
		g = gr == 0.0 ? makeup : exp(gr * DB_TO_LN) * makeup;
		/* Ramp linearly from the previous control gain to this one. */
		step = (g - g_prev) / (double)(hi - lo);
		if (g == g_prev) {
			if (g == 1.0 && out != x)
				memcpy(out + lo, x + lo, (hi - lo) * sizeof(*out));
			else if (g != 1.0)
				for (size_t i = lo; i < hi; i++)
					out[i] = (float)(x[i] * g);
		} else {
			for (size_t i = lo; i < hi; i++)
				out[i] = (float)(x[i] * (g_prev + step * ramp[i - lo]));
		}
		g_prev = g;
	}
	if (active)
		st->mean_reduction_db = sum_gr / active;
}
