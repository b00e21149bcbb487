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
 *   4. gain to the target (dsp_target_lufs) and true-peak limiting at
 *      true_peak_dbtp - limiter_margin_db (audio/limiter.h). Limiting lowers
 *      loudness a little, so the gain is chosen with a model: the measured
 *      sub-block energies of the input (linear gain scales them exactly)
 *      times the limiter's predicted effect on each (lim_predict). The piece
 *      is limited and measured; outside 0.1 LU of the target, the model is
 *      shifted by its measured error and the piece limited again from the
 *      pre-limit copy (at most 4 rounds; on speech almost always one);
 *   5. report the last round's measurement (integrated, LRA) and the
 *      limiter's exact true peak.
 *
 * All measurements inside the chain use the fast meter of audio/loudness.h
 * (our BS.1770 / Tech 3342 code, checked against libebur128 in the tests to
 * within a few hundredths of a LU) and the limiter's true-peak detector, so
 * a piece costs a handful of passes of about a ns per sample. The chain
 * runs with denormals flushed to zero (audio/vec.h) and restores the
 * caller's floating-point mode on return. Measure whole
 * episodes for the manifest with loud_measure() (libebur128).
 *
 * A piece with no measurable loudness (silence, or shorter than one 400 ms
 * gating block) gets no gain: it is only limited. Give cues and short
 * announcements to the chain together with the speech they belong to.
 *
 * Sample positions never move: every step is sample-aligned (the limiter's
 * look-ahead reads ahead in the buffer rather than delaying the signal).
 * Deterministic (same input and profile, same bytes out). Scratch: one
 * float copy of the piece, plus the limiter's peak map (1/8 of it).
 *
 * Use: build a piece (cue, spoken number, speech, pauses) at the synthesis
 * rate, call dsp_process_piece(), then meter/encode it. For lossless output
 * (WAV, FLAC) pass a copy of the settings with mp3_loudness_comp_lu = 0.
 */
#ifndef TB_DSP_H
#define TB_DSP_H

#include "audio/profile.h"
#include "core/err.h"

#include <stddef.h>

struct dsp_report {
	int silent;               /* 1: no measurable loudness, no gain applied */
	double input_lufs;        /* after the filters, before gain (LOUD_FLOOR if silent) */
	double input_lra_lu;      /* LRA after the filters, before compression */
	double gain_db;           /* gain before the limiter (after compression if on) */
	double comp_threshold_db; /* compression actually used (after tightening) */
	double comp_ratio;
	int comp_rounds;            /* compression rounds run (0: compressor off) */
	int limit_rounds;           /* gain/limiter rounds run */
	double limiter_min_gain_db; /* deepest limiter reduction, dB (<= 0) */
	/* the result, dual-mono: I and LRA from the fast meter, true peak from
	 * the limiter's detector (which includes the BS.1770 interpolator) */
	double integrated_lufs;
	double lra_lu;
	double true_peak_dbtp; /* 4x true peak (BS.1770 interpolator and a longer one) */
	double sample_peak_dbfs;
	double limiter_peak_dbtp; /* same as true_peak_dbtp (kept for clarity) */
};

/* Processes `pcm[0..n)` in place at sample rate `rate` (the synthesis rate)
 * with the settings `cfg`. `rep` may be NULL. Returns 0, TB_E_NOMEM, or
 * TB_E_USAGE when the settings do not fit the rate (a low-pass above 0.45 x
 * rate). */
int dsp_process_piece(const struct prof_audio *cfg, float *pcm, size_t n, unsigned rate,
                      struct dsp_report *rep, struct tb_err *err);

/* The loudness the chain aims at: loudness_lufs + mp3_loudness_comp_lu.
 * LAME-encoded MP3s decode 0.4-0.5 LU quieter than the PCM they were made
 * from (measured here on eSpeak speech and on tones, 64 kbps at 22050 Hz and
 * 128 kbps at 44100 Hz), so the PCM is made that much louder for the
 * decoded file to land on loudness_lufs. Reports are of the PCM. */
double dsp_target_lufs(const struct prof_audio *cfg);

/* Multiplies pcm by 10^(db/20). */
void dsp_gain(float *pcm, size_t n, double db);

#endif
