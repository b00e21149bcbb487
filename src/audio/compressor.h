/*
 * compressor — a feed-forward, soft-knee, RMS downward compressor for mono
 * float PCM, used to narrow a piece's loudness range (EBU LRA).
 *
 * Detector: the signal's mean square smoothed with a 20 ms one-pole (an RMS
 * level, so speech syllables rather than single waveform peaks drive it).
 * Gain computer: threshold, ratio and a soft knee of `knee_db` (quadratic
 * within +-knee/2, Giannoulis, Massberg & Reiss 2012), evaluated every 16
 * samples; the gain reduction (in dB) falls with the `attack_ms` time constant
 * and recovers with `release_ms`, and the linear gain is interpolated between
 * control points, so there is no per-sample log/exp. Only reduces gain
 * (plus the constant `makeup_db`): it never lifts silence.
 *
 * In place, deterministic, no allocation.
 */
#ifndef TB_COMPRESSOR_H
#define TB_COMPRESSOR_H

#include <stddef.h>

struct comp_cfg {
	double threshold_db; /* RMS level (dBFS) where compression starts */
	double ratio;        /* >= 1; input dB over threshold per output dB */
	double attack_ms;    /* time constant of gain reduction */
	double release_ms;   /* time constant of recovery */
	double knee_db;      /* soft-knee width, 0 = hard knee */
	double makeup_db;    /* constant gain added after compression */
};

struct comp_stats {
	double max_reduction_db;  /* deepest gain reduction, dB (>= 0) */
	double mean_reduction_db; /* mean over control points where the signal was above -70 dBFS */
};

/* Compresses x[0..n) in place at `rate`. `st` may be NULL. */
void comp_process(const struct comp_cfg *cfg, float *x, size_t n, unsigned rate,
                  struct comp_stats *st);
/* The same, reading `x` and writing `out` (the same array, or one that does
 * not overlap it). */
void comp_process_to(const struct comp_cfg *cfg, const float *x, float *out, size_t n,
                     unsigned rate, struct comp_stats *st);

/* Static curve: gain change (dB, <= 0 before makeup) for an RMS level in dBFS. */
double comp_gain_db(const struct comp_cfg *cfg, double level_db);

#endif
