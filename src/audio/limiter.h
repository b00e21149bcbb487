/*
 * limiter — a true-peak limiter for a whole piece of mono float PCM in memory.
 *
 * Peak detection: every interval [i, i+1) between two samples is checked at
 * the sample and at three points in between (4x oversampling) by a polyphase
 * windowed-sinc interpolator (16 taps per phase, Kaiser window), the method of
 * ITU-R BS.1770-4 Annex 2. Blocks whose neighbourhood cannot reach the
 * ceiling (block peak times the interpolator's worst-case gain) are skipped,
 * so quiet speech costs almost nothing.
 *
 * Gain: for each sample the gain needed so that both adjacent intervals stay
 * under the ceiling; a look-ahead minimum over `lookahead_ms`, an exponential
 * release towards unity (`release_ms`), then two cascaded moving averages
 * whose total length equals the look-ahead. The averages turn every gain drop
 * into a smooth S-shaped ramp that is complete when the peak arrives (the
 * attack is the look-ahead), and can never rise above the needed gain.
 *
 * Alignment: because the piece is held in memory, the look-ahead reads ahead
 * in the buffer instead of delaying the signal. Output sample i is input sample
 * i times a gain in (0, 1]: no latency, no tail to flush, chapter positions
 * stay exact.
 *
 * Guarantee: after limiting, the piece is measured again with the same
 * detector; any leftover overshoot (from the gain changing within the
 * interpolator's span) gets another pass, and if a few passes do not settle
 * it, the whole piece is scaled down. On return every sample and every
 * 4x-interpolated point is <= the ceiling. Set the ceiling below the
 * profile's true-peak target to leave room for MP3 overshoot (see
 * docs/profiles.md, limiter_margin_db).
 *
 * Deterministic; allocates two float arrays of the piece's length per call.
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
	double peak_in;       /* true peak before limiting, linear */
	double peak_out;      /* true peak after limiting, linear (<= ceiling) */
	double min_gain;      /* lowest gain applied, linear (1 = untouched) */
	size_t reduced;       /* samples whose gain was below 1 */
	int passes;           /* limiting passes run (0 when nothing exceeded) */
	int fallback_scaled;  /* 1 if the final whole-piece scaling was needed */
};

/* Limits `x[0..n)` in place at sample rate `rate`. `st` may be NULL.
 * Returns 0, TB_E_NOMEM or TB_E_USAGE (bad configuration). */
int lim_process(const struct lim_cfg *cfg, float *x, size_t n, unsigned rate,
		struct lim_stats *st, struct tb_err *err);

/* The 4x-oversampled true peak of `x[0..n)`, linear (0 for silence). Uses
 * the same detector as the limiter; samples outside the buffer count as 0. */
double lim_true_peak(const float *x, size_t n);

#endif
