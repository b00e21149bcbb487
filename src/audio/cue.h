/*
 * cue — short sounds placed before articles or sections: a two-tone chime we
 * synthesize, or a sound file of the user's (WAV, FLAC, Ogg: anything
 * libsndfile reads) mixed to mono and resampled to the episode's rate.
 *
 * The chime: 880 Hz (A5) then 1320 Hz (E6, a fifth above), each with a soft
 * octave partial, 5 ms raised-cosine onsets, exponential decays and a 10 ms
 * raised-cosine fade to exact zero; 340 ms in all. Oscillators run by complex
 * rotation (no per-sample sin()), so it is cheap and bit-reproducible.
 *
 * Resampling: windowed sinc, Kaiser window (beta 8.6), 16 zero crossings
 * each side at the lower of the two rates, cutoff at 0.95 x the lower
 * Nyquist (anti-aliasing when downsampling), kernel read from a table of
 * 512 steps per zero crossing with linear interpolation. Stop band better
 * than about -80 dB; passband flat to 0.1 dB below ~0.9 x the lower Nyquist.
 *
 * Every sound returned is a malloc'ed float array the caller frees with
 * free(); its sample peak is set to the requested level (dBFS).
 */
#ifndef TB_CUE_H
#define TB_CUE_H

#include "audio/profile.h"
#include "core/err.h"

#include <stddef.h>

#define CUE_CHIME_MS         340
#define CUE_FILE_MAX_SECONDS 30

/* Synthesizes the chime at `rate` with its sample peak at `peak_dbfs`. */
int cue_chime(unsigned rate, double peak_dbfs, float **out, size_t *n, struct tb_err *err);

/* Reads a sound file, mixes its channels to mono (mean), resamples it to
 * `rate` and scales its sample peak to `peak_dbfs`. TB_E_IO if unreadable,
 * TB_E_LIMIT if longer than CUE_FILE_MAX_SECONDS, TB_E_INPUT if silent. */
int cue_load_file(const char *path, unsigned rate, double peak_dbfs, float **out, size_t *n,
                  struct tb_err *err);

/* The profile's cue at `rate`: *out = NULL and *n = 0 for cue = none. */
int cue_make(const struct profile *p, unsigned rate, float **out, size_t *n, struct tb_err *err);

/* Resamples in[0..n) from `in_rate` to `out_rate` into a new array of
 * ceil(n * out_rate / in_rate) samples (a copy when the rates are equal).
 * Output sample m is the signal at input time m * in_rate / out_rate, so
 * time zero stays aligned. */
int cue_resample(const float *in, size_t n, unsigned in_rate, unsigned out_rate, float **out,
                 size_t *out_n, struct tb_err *err);

#endif
