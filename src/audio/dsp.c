#include "audio/dsp.h"

#include "audio/biquad.h"
#include "audio/compressor.h"
#include "audio/limiter.h"
#include "audio/loudness.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COMP_ROUNDS    6
#define LIMIT_ROUNDS   4
#define LOUD_TOLERANCE 0.1     /* LU: stop correcting the gain within this */
#define SILENT_LUFS    (-70.0) /* BS.1770 absolute gate */

double dsp_target_lufs(const struct prof_audio *cfg)
{
	return cfg->loudness_lufs + cfg->mp3_loudness_comp_lu;
}

void dsp_gain(float *pcm, size_t n, double db)
{
	float g = (float)pow(10.0, db / 20.0);

	if (db == 0.0)
		return;
	for (size_t i = 0; i < n; i++)
		pcm[i] *= g;
}

static int run_filters(const struct prof_audio *cfg, float *pcm, size_t n, unsigned rate,
                       struct tb_err *err)
{
	struct bq_chain c = {.n = 0};

	if (cfg->highpass_hz > 0.0 &&
	    bq_chain_add_butterworth(&c, BQ_HIGHPASS, 4, rate, cfg->highpass_hz) != 0)
		return err_set(err, TB_E_USAGE, "highpass_hz %g Hz does not fit %u Hz audio",
		               cfg->highpass_hz, rate);
	if (cfg->lowpass_hz > 0.0 &&
	    (cfg->lowpass_hz > 0.45 * rate ||
	     bq_chain_add_butterworth(&c, BQ_LOWPASS, 4, rate, cfg->lowpass_hz) != 0))
		return err_set(err, TB_E_USAGE,
		               "lowpass_hz %g Hz is above 0.45 x the %u Hz synthesis rate",
		               cfg->lowpass_hz, rate);
	bq_chain_run(&c, pcm, n);
	return 0;
}

static int measure(const float *pcm, size_t n, unsigned rate, int what, struct loud_result *r,
                   struct tb_err *err)
{
	return loud_fast_measure_piece(pcm, n, rate, what, r, err);
}

/* Step 3: coarse gain to target, compression, tightened until LRA fits.
 * On return `r` holds the measurement (I, LRA) of the compressed piece. */
static int compress(const struct prof_audio *cfg, float *pcm, float *copy, size_t n, unsigned rate,
                    double in_lufs, struct loud_result *r, struct dsp_report *rep,
                    struct tb_err *err)
{
	struct comp_cfg cc = {cfg->compressor_threshold_db, cfg->compressor_ratio,
	                      cfg->compressor_attack_ms,    cfg->compressor_release_ms,
	                      cfg->compressor_knee_db,      0.0};
	int rc;

	dsp_gain(pcm, n, dsp_target_lufs(cfg) - in_lufs);
	if (cfg->lra_max_lu > 0.0)
		memcpy(copy, pcm, n * sizeof(*pcm));
	for (int round = 0; round < COMP_ROUNDS; round++) {
		if (round > 0) {
			memcpy(pcm, copy, n * sizeof(*pcm));
			cc.threshold_db -= 4.0;
			cc.ratio = cc.ratio * 1.5 > 20.0 ? 20.0 : cc.ratio * 1.5;
		}
		comp_process(&cc, pcm, n, rate, NULL);
		rep->comp_rounds = round + 1;
		rep->comp_threshold_db = cc.threshold_db;
		rep->comp_ratio = cc.ratio;
		rc = measure(pcm, n, rate, LOUD_I | LOUD_LRA, r, err);
		if (rc || cfg->lra_max_lu <= 0.0)
			return rc;
		/* Aim a little under the limit: the limiter and MP3 shift it slightly. */
		if (r->lra_lu <= cfg->lra_max_lu - 0.3)
			break;
	}
	return 0;
}

/*
 * Step 4: gain + limiter. Limiting lowers the loudness a little, so the gain
 * is corrected from the measured result (secant steps) and the piece limited
 * again from the pre-limit copy. `r` holds the measurement of the input on
 * entry (I, LRA) and of the result on return.
 */
static int gain_and_limit(const struct prof_audio *cfg, float *pcm, float *copy, size_t n,
                          unsigned rate, int silent, struct loud_result *r, struct dsp_report *rep,
                          double *tp_known, struct tb_err *err)
{
	struct lim_cfg lc = {cfg->true_peak_dbtp - cfg->limiter_margin_db,
	                     cfg->limiter_lookahead_ms, cfg->limiter_release_ms};
	struct lim_stats ls;
	struct lim_cache cache = {0};
	double target = dsp_target_lufs(cfg), in_lufs = r->integrated_lufs;
	double gain = silent ? 0.0 : target - in_lufs, prev_gain = 0.0, prev_i = 0.0;
	int rc;

	memcpy(copy, pcm, n * sizeof(*pcm));
	for (int round = 0; round < LIMIT_ROUNDS; round++) {
		rc = lim_process_gain(&lc, copy, pcm, n, rate, gain, &cache, &ls, err);
		if (rc)
			break;
		rep->limit_rounds = round + 1;
		rep->gain_db = gain;
		rep->limiter_min_gain_db = loud_db(ls.min_gain);
		*tp_known = ls.passes > 0 ? ls.peak_out : 0.0;
		if (silent || ls.passes == 0) {
			/* No limiting: loudness moved by exactly the gain; LRA did not. */
			if (!silent)
				r->integrated_lufs = in_lufs + gain;
			break;
		}
		rc = measure(pcm, n, rate, LOUD_I | LOUD_LRA, r, err);
		if (rc || r->integrated_lufs <= SILENT_LUFS ||
		    fabs(r->integrated_lufs - target) <= LOUD_TOLERANCE)
			break;
		{
			/* Loudness rises by less than the gain once the limiter works:
			 * about 0.7 dB per dB on speech at these ceilings, less when
			 * it works hard; start from 0.6, then use the measured slope. */
			double slope = 0.6, next;

			if (round > 0 && gain != prev_gain)
				slope = (r->integrated_lufs - prev_i) / (gain - prev_gain);
			if (!(slope > 0.3))
				slope = 0.3;
			if (slope > 1.0)
				slope = 1.0;
			next = gain + (target - r->integrated_lufs) / slope;
			prev_gain = gain;
			prev_i = r->integrated_lufs;
			gain = next;
		}
	}
	lim_cache_release(&cache);
	return rc;
}

int dsp_process_piece(const struct prof_audio *cfg, float *pcm, size_t n, unsigned rate,
                      struct dsp_report *rep, struct tb_err *err)
{
	struct dsp_report local;
	struct loud_result r;
	float *copy = NULL;
	double tp_known = 0.0;
	int rc, silent;

	if (!rep)
		rep = &local;
	memset(rep, 0, sizeof(*rep));
	rep->integrated_lufs = rep->true_peak_dbtp = rep->sample_peak_dbfs = LOUD_FLOOR;
	rep->input_lufs = rep->limiter_peak_dbtp = LOUD_FLOOR;
	if (rate == 0)
		return err_set(err, TB_E_USAGE, "dsp: sample rate 0");
	rc = run_filters(cfg, pcm, n, rate, err);
	if (rc || n == 0)
		return rc;
	copy = malloc(n * sizeof(*copy));
	if (!copy)
		return err_set(err, TB_E_NOMEM, "dsp: out of memory for %zu samples", n);
	rc = measure(pcm, n, rate, LOUD_I | LOUD_LRA, &r, err);
	if (rc)
		goto out;
	silent = r.integrated_lufs <= SILENT_LUFS;
	rep->silent = silent;
	rep->input_lufs = r.integrated_lufs;
	rep->input_lra_lu = r.lra_lu;
	if (cfg->compressor && !silent) {
		double in = r.integrated_lufs;

		rc = compress(cfg, pcm, copy, n, rate, in, &r, rep, err);
		if (rc)
			goto out;
		silent = r.integrated_lufs <= SILENT_LUFS;
	}
	rc = gain_and_limit(cfg, pcm, copy, n, rate, silent, &r, rep, &tp_known, err);
	if (rc)
		goto out;
	rep->integrated_lufs = r.integrated_lufs;
	rep->lra_lu = r.lra_lu;
	/* The limiter's map is exact when it limited; otherwise measure. */
	rep->true_peak_dbtp = loud_db(tp_known > 0.0 ? tp_known : lim_true_peak(pcm, n));
	rep->limiter_peak_dbtp = rep->true_peak_dbtp;
	{
		float peak = 0.0f;

		for (size_t i = 0; i < n; i++)
			if (fabsf(pcm[i]) > peak)
				peak = fabsf(pcm[i]);
		rep->sample_peak_dbfs = loud_db(peak);
	}
out:
	free(copy);
	return rc;
}
