#include "audio/compressor.h"

#include <math.h>

#define HOP         16    /* samples per control point */
#define RMS_MS      20.0  /* detector smoothing */
#define LEVEL_FLOOR 1e-10 /* -100 dBFS mean square: silence */

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
	double a_rms = coef(RMS_MS, rate);
	double a_att = coef(cfg->attack_ms, (double)rate / HOP);
	double a_rel = coef(cfg->release_ms, (double)rate / HOP);
	double makeup = pow(10.0, cfg->makeup_db / 20.0);
	double ms = 0.0, gr = 0.0, g_prev = makeup, sum_gr = 0.0;
	size_t active = 0;
	struct comp_stats local;

	if (!st)
		st = &local;
	st->max_reduction_db = 0.0;
	st->mean_reduction_db = 0.0;
	for (size_t lo = 0; lo < n; lo += HOP) {
		size_t hi = lo + HOP < n ? lo + HOP : n;
		double want, g, step;

		/* Detector over this hop (feed-forward: the level includes the hop). */
		for (size_t i = lo; i < hi; i++)
			ms += a_rms * ((double)x[i] * x[i] - ms);
		if (ms < LEVEL_FLOOR * 1e-3)
			ms = 0.0; /* keep denormals out */
		want = comp_gain_db(cfg, 10.0 * log10(ms > LEVEL_FLOOR ? ms : LEVEL_FLOOR));
		gr += (want < gr ? a_att : a_rel) * (want - gr);
		if (-gr > st->max_reduction_db)
			st->max_reduction_db = -gr;
		if (ms > 1e-7) {
			sum_gr += -gr;
			active++;
		}
		g = pow(10.0, gr / 20.0) * makeup;
		/* Ramp linearly from the previous control gain to this one. */
		step = (g - g_prev) / (double)(hi - lo);
		for (size_t i = lo; i < hi; i++) {
			g_prev += step;
			x[i] = (float)(x[i] * g_prev);
		}
		g_prev = g;
	}
	if (active)
		st->mean_reduction_db = sum_gr / active;
}
