#include "audio/dsp.h"

#include "audio/biquad.h"
#include "audio/compressor.h"
#include "audio/limiter.h"
#include "audio/loudness.h"
#include "audio/vec.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define COMP_ROUNDS    6
#define LIMIT_ROUNDS   4
#define LOUD_TOLERANCE 0.1     /* LU: stop correcting the gain within this */
#define MODEL_STEPS    6       /* secant steps on the loudness model */
#define SILENT_LUFS    (-70.0) /* BS.1770 absolute gate */

double dsp_target_lufs(const struct prof_audio *cfg)
{
	return cfg->loudness_lufs + cfg->mp3_loudness_comp_lu;
}

void dsp_gain(float *pcm, size_t n, double db)
{
	if (db == 0.0)
		return;
	vec_scale(pcm, n, (float)pow(10.0, db / 20.0));
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

/* I and LRA from the fast meter, keeping its sub-block energies in `lb`. */
static int measure(struct loud_blocks *lb, const float *pcm, size_t n, unsigned rate,
                   struct loud_result *r, struct tb_err *err)
{
	int rc = loud_blocks_measure(lb, pcm, n, rate, err);

	if (rc)
		return rc;
	r->integrated_lufs = loud_blocks_integrated(lb);
	r->lra_lu = loud_blocks_lra(lb);
	return 0;
}

/* Step 3: coarse gain to target, compression, tightened until LRA fits.
 * On return `copy` holds the compressed piece and `r` its measurement (I,
 * LRA). */
static int compress(const struct prof_audio *cfg, float *pcm, float *copy, size_t n, unsigned rate,
                    double in_lufs, struct loud_blocks *lb, struct loud_result *r,
                    struct dsp_report *rep, struct tb_err *err)
{
	struct comp_cfg cc = {cfg->compressor_threshold_db, cfg->compressor_ratio,
	                      cfg->compressor_attack_ms,    cfg->compressor_release_ms,
	                      cfg->compressor_knee_db,      0.0};
	int rc;

	/* pcm keeps the uncompressed piece for later rounds; each round writes
	 * the compressed one into copy, where step 4 takes it from. */
	dsp_gain(pcm, n, dsp_target_lufs(cfg) - in_lufs);
	for (int round = 0; round < COMP_ROUNDS; round++) {
		if (round > 0) {
			cc.threshold_db -= 4.0;
			cc.ratio = cc.ratio * 1.5 > 20.0 ? 20.0 : cc.ratio * 1.5;
		}
		comp_process_to(&cc, pcm, copy, n, rate, NULL);
		rep->comp_rounds = round + 1;
		rep->comp_threshold_db = cc.threshold_db;
		rep->comp_ratio = cc.ratio;
		rc = measure(lb, copy, n, rate, r, err);
		if (rc || cfg->lra_max_lu <= 0.0)
			return rc;
		/* Aim a little under the limit: the limiter and MP3 shift it slightly. */
		if (r->lra_lu <= cfg->lra_max_lu - 0.3)
			break;
	}
	return 0;
}

/*
 * The loudness model of step 4: the loudness of src x 10^(gain/20) after
 * limiting, predicted from src's sub-block energies (measured) and the
 * limiter's predicted effect on each sub-block (lim_predict). Linear gain
 * scales energies exactly; only the limiter's share is an estimate, and the
 * chain corrects it from the measured result.
 */
struct model {
	const struct lim_cfg *lc;
	const float *src;
	size_t n;
	unsigned rate;
	struct lim_cache *cache;
	const struct loud_blocks *in; /* energies of src */
	double *ratio, *e;            /* scratch, in->nsub each */
};

static int model_lufs(struct model *m, double gain, double *lufs, struct tb_err *err)
{
	size_t nsub = m->in->nsub;
	double g2 = pow(10.0, gain / 10.0);
	int rc = lim_predict(m->lc, m->src, m->n, m->rate, gain, m->cache, m->in->sub, m->ratio,
	                     nsub, err);

	if (rc)
		return rc;
	for (size_t j = 0; j < nsub; j++)
		m->e[j] = m->in->e[j] * g2 * m->ratio[j];
	*lufs = loud_energies_integrated(m->e, nsub, m->in->sub);
	return 0;
}

/* The gain at which the model (shifted by `offset`, its measured error)
 * reads `want`: secant steps from `gain`, within 0.005 LU. */
static int model_solve(struct model *m, double *gain, double want, double offset,
                       struct tb_err *err)
{
	double g = *gain, prev_g = 0.0, prev_v = 0.0, v;
	int rc;

	for (int it = 0; it < MODEL_STEPS; it++) {
		double slope = 0.8;

		rc = model_lufs(m, g, &v, err);
		if (rc)
			return rc;
		v += offset;
		if (v <= SILENT_LUFS || fabs(v - want) <= 0.005)
			break;
		if (it > 0 && g != prev_g)
			slope = (v - prev_v) / (g - prev_g);
		if (!(slope > 0.2))
			slope = 0.2;
		if (slope > 1.0)
			slope = 1.0;
		prev_g = g;
		prev_v = v;
		g += (want - v) / slope;
	}
	*gain = g;
	return 0;
}

/*
 * Step 4: gain + limiter. Limiting lowers the loudness a little, so the gain
 * is chosen with the model (which predicts the limiter's effect), the piece
 * limited and measured; if the measurement misses the target, the model is
 * corrected by what it got wrong and the piece limited again from the
 * pre-limit copy. `r` holds the measurement of the input on entry (I, LRA;
 * `lb` its sub-block energies) and of the result on return.
 */
static int gain_and_limit(const struct prof_audio *cfg, float *pcm, float *copy, size_t n,
                          unsigned rate, int silent, int src_in_copy, struct loud_blocks *lb,
                          struct loud_result *r, struct dsp_report *rep, double *tp_known,
                          double *sample_peak, struct tb_err *err)
{
	struct lim_cfg lc = {cfg->true_peak_dbtp - cfg->limiter_margin_db,
	                     cfg->limiter_lookahead_ms, cfg->limiter_release_ms};
	struct lim_stats ls;
	struct lim_cache cache = {0};
	struct loud_blocks in = {0};
	struct model m = {&lc, copy, n, rate, &cache, &in, NULL, NULL};
	double target = dsp_target_lufs(cfg), in_lufs = r->integrated_lufs;
	double gain = silent ? 0.0 : target - in_lufs, offset = 0.0;
	int rc = 0, use_model = !silent && lb->nsub > 0;

	if (!src_in_copy)
		memcpy(copy, pcm, n * sizeof(*pcm));
	if (use_model) {
		/* Keep src's energies: the measurements below reuse lb. */
		in = *lb;
		in.e = malloc(2 * lb->nsub * sizeof(*in.e));
		m.ratio = in.e ? in.e + lb->nsub : NULL;
		m.e = malloc(lb->nsub * sizeof(*m.e));
		if (!in.e || !m.e) {
			rc = err_set(err, TB_E_NOMEM, "dsp: out of memory");
			goto out;
		}
		memcpy(in.e, lb->e, lb->nsub * sizeof(*in.e));
		in.scratch = NULL;
		in.cap = lb->nsub;
		rc = model_solve(&m, &gain, target, 0.0, err);
		if (rc)
			goto out;
	}
	for (int round = 0; round < LIMIT_ROUNDS; round++) {
		double predicted;

		rc = lim_process_gain(&lc, copy, pcm, n, rate, gain, &cache, &ls, err);
		if (rc)
			break;
		rep->limit_rounds = round + 1;
		rep->gain_db = gain;
		rep->limiter_min_gain_db = loud_db(ls.min_gain);
		*tp_known = ls.passes > 0 ? ls.peak_out : 0.0;
		*sample_peak = ls.sample_peak_out;
		if (silent || ls.passes == 0) {
			/* No limiting: loudness moved by exactly the gain; LRA did not. */
			if (!silent)
				r->integrated_lufs = in_lufs + gain;
			break;
		}
		rc = measure(lb, pcm, n, rate, r, err);
		if (rc || r->integrated_lufs <= SILENT_LUFS ||
		    fabs(r->integrated_lufs - target) <= LOUD_TOLERANCE || !use_model ||
		    round + 1 == LIMIT_ROUNDS)
			break;
		/* Correct the model by its error at this gain and solve again. */
		rc = model_lufs(&m, gain, &predicted, err);
		if (rc)
			break;
		offset = r->integrated_lufs - predicted;
		rc = model_solve(&m, &gain, target, offset, err);
		if (rc)
			break;
	}
out:
	free(in.e);
	free(m.e);
	lim_cache_release(&cache);
	return rc;
}

static int process_piece(const struct prof_audio *cfg, float *pcm, size_t n, unsigned rate,
                         struct dsp_report *rep, struct tb_err *err)
{
	struct dsp_report local;
	struct loud_result r;
	struct loud_blocks lb = {0};
	float *copy = NULL;
	double tp_known = 0.0, sample_peak = 0.0;
	int rc, silent, compressed;

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
	rc = measure(&lb, pcm, n, rate, &r, err);
	if (rc)
		goto out;
	silent = r.integrated_lufs <= SILENT_LUFS;
	rep->silent = silent;
	rep->input_lufs = r.integrated_lufs;
	rep->input_lra_lu = r.lra_lu;
	compressed = cfg->compressor && !silent;
	if (compressed) {
		double in = r.integrated_lufs;

		rc = compress(cfg, pcm, copy, n, rate, in, &lb, &r, rep, err);
		if (rc)
			goto out;
		silent = r.integrated_lufs <= SILENT_LUFS;
	}
	rc = gain_and_limit(cfg, pcm, copy, n, rate, silent, compressed, &lb, &r, rep, &tp_known,
	                    &sample_peak, err);
	if (rc)
		goto out;
	rep->integrated_lufs = r.integrated_lufs;
	rep->lra_lu = r.lra_lu;
	/* The limiter's map is exact when it limited; otherwise measure. */
	rep->true_peak_dbtp = loud_db(tp_known > 0.0 ? tp_known : lim_true_peak(pcm, n));
	rep->limiter_peak_dbtp = rep->true_peak_dbtp;
	rep->sample_peak_dbfs = loud_db(sample_peak);
out:
	loud_blocks_release(&lb);
	free(copy);
	return rc;
}

int dsp_process_piece(const struct prof_audio *cfg, float *pcm, size_t n, unsigned rate,
                      struct dsp_report *rep, struct tb_err *err)
{
	unsigned fp = vec_fast_fp_enter();
	int rc = process_piece(cfg, pcm, n, rate, rep, err);

	vec_fast_fp_leave(fp);
	return rc;
}
