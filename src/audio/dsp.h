/*
 * dsp — the processing chain of one piece of speech (an article, a section
 * opening): mono float PCM held in memory, processed in place, so a changed
 * article never re-processes the others.
 *
 * Chain (each step only if the profile asks for it):
 *   1. high-pass, then low-pass (4th-order Butterworth, audio/biquad.h);
 *   2. measure integrated loudness (dual-mono, audio/loudness.h);
 *   3. compressor: gain the piece to the loudness target, then compress
 *      (audio/compressor.h). With lra_max_lu set, the loudness range is
 *      measured and, while it is above the limit, the compression is redone
 *      from the uncompressed copy with a threshold 4 dB lower and a ratio
 *      1.5 x higher (at most 6 times);
 *   4. gain to the target and true-peak limiting at
 *      true_peak_dbtp - limiter_margin_db (audio/limiter.h). Limiting lowers
 *      loudness a little, so the gain is corrected from the measured result
 *      and the piece limited again from the pre-limit copy until it is within
 *      0.1 LU of the target (at most 4 rounds);
 *   5. measure the result (integrated, LRA, true peak) for the report.
 *
 * All measurements inside the chain use the fast meter of audio/loudness.h
 * (our BS.1770 / Tech 3342 code, checked against libebur128 in the tests to
 * within a few hundredths of a LU) and the limiter's true-peak detector, so
 * a piece costs a handful of passes of a few ns per sample. Measure whole
 * episodes for the manifest with loud_measure() (libebur128).
 *
 * A piece with no measurable loudness (silence, or shorter than one 400 ms
 * gating block) gets no gain: it is only limited. Give cues and short
 * announcements to the chain together with the speech they belong to.
 *
 * Sample positions never move: every step is sample-aligned (the limiter's
 * look-ahead reads ahead in the buffer rather than delaying the signal).
 * Deterministic (same input and profile, same bytes out). Needs two float
 * copies of the piece as scratch.
 */
#ifndef TB_DSP_H
#define TB_DSP_H

#include "audio/profile.h"
#include "core/err.h"

#include <stddef.h>

struct dsp_report {
	int silent;              /* 1: no measurable loudness, no gain applied */
	double input_lufs;       /* after the filters, before gain (LOUD_FLOOR if silent) */
	double input_lra_lu;     /* LRA before compression (0 unless measured) */
	double gain_db;          /* the final gain applied before the limiter */
	double comp_threshold_db; /* compression actually used (after tightening) */
	double comp_ratio;
	int comp_rounds;         /* compression rounds run (0: compressor off) */
	int limit_rounds;        /* gain/limiter rounds run */
	double limiter_min_gain_db; /* deepest limiter reduction, dB (<= 0) */
	/* the result, dual-mono, measured with the fast meter */
	double integrated_lufs;
	double lra_lu;
	double true_peak_dbtp;   /* 4x true peak (BS.1770 interpolator and a longer one) */
	double sample_peak_dbfs;
	double limiter_peak_dbtp; /* same as true_peak_dbtp (kept for clarity) */
};

/* Processes `pcm[0..n)` in place at sample rate `rate` (the synthesis rate)
 * with the settings `cfg`. `rep` may be NULL. Returns 0, TB_E_NOMEM, or
 * TB_E_USAGE when the settings do not fit the rate (a low-pass above 0.45 x
 * rate). */
int dsp_process_piece(const struct prof_audio *cfg, float *pcm, size_t n, unsigned rate,
		      struct dsp_report *rep, struct tb_err *err);

/* Multiplies pcm by 10^(db/20). */
void dsp_gain(float *pcm, size_t n, double db);

#endif
