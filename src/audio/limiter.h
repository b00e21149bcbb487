/*
 * limiter — a true-peak limiter for a whole piece of mono float PCM in memory.
 *
 * Peak detection: every interval [i, i+1) between two samples is checked at
 * the sample and at three points in between (4x oversampling) by two
 * polyphase interpolators, taking the larger estimate: the 48th-order
 * Hann-windowed sinc of ITU-R BS.1770-4 Annex 2 meters (12 taps per phase,
 * which is what libebur128 uses) and a Kaiser-windowed sinc with 16 taps per phase, closer to
 * the ideal reconstruction. Blocks whose neighbourhood cannot reach the
 * ceiling (block peak times the interpolators' worst-case gain) are skipped,
 * and the long interpolator only runs where the short one comes near, so
 * quiet speech costs almost nothing. The reconstruction before the first and
 * after the last sample counts too (the file's neighbours are silence).
 *
 * Gain: per chunk of 8 samples, the gain needed so that every interval
 * touching it stays under the ceiling; a look-ahead minimum over
 * `lookahead_ms`, an exponential release towards unity (`release_ms`), then
 * two cascaded moving averages whose total length equals the look-ahead; the
 * chunk gains are interpolated linearly between chunk boundaries. The
 * averages turn every gain drop into a smooth S-shaped ramp that is complete
 * when the peak arrives (the attack is the look-ahead), and never rise above
 * the needed gain.
 *
 * Alignment: because the piece is held in memory, the look-ahead reads ahead
 * in the buffer instead of delaying the signal. Output sample i is input sample
 * i times a gain in (0, 1]: no latency, no tail to flush, chapter positions
 * stay exact.
 *
 * Guarantee: after limiting, the changed stretches are measured again with
 * the same detector; any leftover overshoot (from the gain changing within
 * the interpolator's span) gets another pass, and if a few passes do not
 * settle it, the whole piece is scaled down. On return every sample and every
 * 4x-interpolated point is <= the ceiling (checked in the tests against
 * libebur128's true-peak meter as well). Set the ceiling below the profile's
 * true-peak target to leave room for MP3 overshoot (docs/profiles.md,
 * limiter_margin_db).
 *
 * Cost: block maxima are one SSE pass; only chunks whose own samples and
 * neighbourhood could reach the threshold (a bound from the interpolators'
 * coefficients, split into the two central taps and the rest) are
 * interpolated, four intervals at a time. After limiting, only changed
 * blocks are measured again.
 *
 * Deterministic. Scratch per call: per-chunk (1/8 of the piece) and
 * per-block arrays; the cache keeps the source's peak map between calls.
 */
#ifndef TB_LIMITER_H
#define TB_LIMITER_H

#include "core/err.h"

#include <stddef.h>

struct lim_cfg {
	double ceiling_dbtp; /* absolute ceiling, dBTP (e.g. -2.0) */
	double lookahead_ms; /* attack / look-ahead, e.g. 5 */
	double release_ms;   /* time constant of the return to unity gain, e.g. 100 */
};

struct lim_stats {
	/* True peaks, linear. Exact when limiting happened (passes > 0); else a
	 * lower bound that is exact when the piece comes near the ceiling
	 * (peaks that cannot reach it are not interpolated). */
	double peak_in;         /* before limiting */
	double peak_out;        /* after limiting (<= ceiling) */
	double min_gain;        /* lowest gain of any pass, linear (1 = untouched) */
	double sample_peak_out; /* largest |sample| of the output, linear */
	size_t reduced;         /* samples whose gain was below 1 (summed over passes) */
	int passes;             /* limiting passes run (0 when nothing exceeded) */
	int fallback_scaled;    /* 1 if the final whole-piece scaling was needed */
};

/* Limits `x[0..n)` in place at sample rate `rate`. `st` may be NULL.
 * Returns 0, TB_E_NOMEM or TB_E_USAGE (bad configuration). */
int lim_process(const struct lim_cfg *cfg, float *x, size_t n, unsigned rate, struct lim_stats *st,
                struct tb_err *err);

/*
 * Peaks of an input kept between calls of lim_process_gain() on the same
 * source with different gains (the loudness loop tries a few): the costly
 * detection then runs once. Start from {0}; free with lim_cache_release().
 */
struct lim_cache {
	float *pk0;  /* interval peaks of the source */
	float *bm0;  /* its block maxima (blocks of 16 samples) */
	float *pkq;  /* for lim_predict(): largest peak of every 64 samples */
	double *pwq; /* and their power (sum of squares) */
	size_t nq;
	size_t n;
	float gmax; /* largest linear gain the map is valid for */
};

/* Writes src * 10^(gain_db/20), limited, into x (src and x must not overlap;
 * src NULL means x itself). `cache` may be NULL. */
int lim_process_gain(const struct lim_cfg *cfg, const float *src, float *x, size_t n, unsigned rate,
                     double gain_db, struct lim_cache *cache, struct lim_stats *st,
                     struct tb_err *err);
void lim_cache_release(struct lim_cache *cache);

/*
 * Predicts, without touching any sample, what limiting x = src x
 * 10^(gain_db/20) would do to its loudness: ratio[j] (<= 1) is the factor by
 * which the limiter's gain would scale the mean square of samples
 * [j * sub, (j + 1) * sub), for j < nsub. It runs the limiter's first pass on
 * a coarse grid (64 samples) from the cached peak map and weights the gain by
 * the source's power there: an estimate (within a few hundredths of a LU on
 * speech) to choose a gain with, not a measurement. Uses and fills `cache`
 * like lim_process_gain() (same cfg and src). Returns 0, TB_E_NOMEM or
 * TB_E_USAGE.
 */
int lim_predict(const struct lim_cfg *cfg, const float *src, size_t n, unsigned rate,
                double gain_db, struct lim_cache *cache, size_t sub, double *ratio, size_t nsub,
                struct tb_err *err);

/* The 4x-oversampled true peak of `x[0..n)`, linear (0 for silence). Uses
 * the same detector as the limiter; samples outside the buffer count as 0. */
double lim_true_peak(const float *x, size_t n);

#endif
