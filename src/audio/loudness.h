/*
 * loudness — EBU R 128 / ITU-R BS.1770 measurement of mono PCM with libebur128.
 *
 * Mono is measured as dual-mono (EBUR128_DUAL_MONO): the one channel counts
 * twice, the way a player renders a mono file on two ears, so a mono sine at
 * -23 dBFS reads -20 LUFS (+3.01 dB compared with measuring one channel).
 * This is also what `ffmpeg -af ebur128=dualmono=true` reports.
 *
 * All values are plain doubles; anything quieter than LOUD_FLOOR (silence, a
 * piece too short for one 400 ms gating block) is reported as LOUD_FLOOR so
 * that callers never see -inf (it would break JSON). Nothing here keeps
 * state between calls or allocates memory the caller must free.
 */
#ifndef TB_LOUDNESS_H
#define TB_LOUDNESS_H

#include "core/err.h"

#include <stddef.h>

#define LOUD_FLOOR (-99.0)

enum loud_what {
	LOUD_I = 1,   /* integrated loudness */
	LOUD_LRA = 2, /* loudness range (EBU Tech 3342) */
	LOUD_TP = 4,  /* true peak (libebur128's 4x oversampling below 96 kHz) */
	LOUD_ALL = 7,
};

struct loud_result {
	double integrated_lufs;  /* LOUD_FLOOR if not measured or silent */
	double lra_lu;           /* 0 if not measured */
	double true_peak_dbtp;   /* LOUD_FLOOR if not measured or silent */
	double sample_peak_dbfs; /* always measured */
	double seconds;          /* duration measured */
};

/* One stretch of PCM of a longer programme. */
struct loud_piece {
	const float *pcm;
	size_t n;
};

/* Measures one piece. `what` is an OR of enum loud_what. */
int loud_measure_piece(const float *pcm, size_t n, unsigned rate, int what, struct loud_result *out,
                       struct tb_err *err);

/* Measures `count` pieces played back to back as one programme (an episode):
 * gating blocks run across piece boundaries exactly as in the decoded file. */
int loud_measure(const struct loud_piece *pieces, size_t count, unsigned rate, int what,
                 struct loud_result *out, struct tb_err *err);

/*
 * The fast meter: our own BS.1770-4 / EBU Tech 3342 implementation for the
 * processing loops (under a ns per sample instead of libebur128's ~9 for I
 * or LRA and ~35 for true peak). Same K-weighting (pre-filter shelf and RLB
 * high-pass, coefficients derived for any rate; run in float as two
 * biquads, eight stretches of the piece at once in SSE registers, with the
 * energies summed per 100 ms sub-block), 400 ms blocks every 100 ms
 * with the -70 LUFS absolute and -10 LU relative gates for I; 3 s short-term
 * windows every 1 s, -70 LUFS / -20 LU gates and the 10th-95th percentile
 * for LRA (the same block timing as libebur128). Dual-mono. True peak comes
 * from the limiter's detector (audio/limiter.h), which includes the BS.1770
 * 48-tap interpolator. tests/unit/test_dsp.c checks it against libebur128 on
 * the EBU test cases and on speech-like signals.
 */
int loud_fast_measure(const struct loud_piece *pieces, size_t count, unsigned rate, int what,
                      struct loud_result *out, struct tb_err *err);
int loud_fast_measure_piece(const float *pcm, size_t n, unsigned rate, int what,
                            struct loud_result *out, struct tb_err *err);

/*
 * The fast meter's inner state for one piece, kept by a caller that measures
 * the same piece again and again (the DSP chain): the K-weighted energy (sum
 * of squares) of every whole 100 ms sub-block. I and LRA derive from it
 * exactly as in loud_fast_measure(); a caller that knows how a change scaled
 * some sub-blocks may edit `e` and derive again. Start from {0}; release with
 * loud_blocks_release().
 */
struct loud_blocks {
	double *e;       /* e[0 .. nsub) */
	double *scratch; /* room for the LRA windows */
	size_t nsub;     /* whole sub-blocks in the piece */
	size_t sub;      /* samples per sub-block: (rate + 5) / 10 */
	size_t cap;      /* sub-blocks allocated */
};

/* (Re)measures `pcm[0..n)` into `lb`. Returns 0, TB_E_NOMEM or TB_E_USAGE. */
int loud_blocks_measure(struct loud_blocks *lb, const float *pcm, size_t n, unsigned rate,
                        struct tb_err *err);
/* Recomputes sub-blocks [first, last] of `pcm[0..n)` only (the filter starts
 * one sub-block early from rest, as the parallel lanes of the full measure
 * do; the difference from a full pass is far below 1e-9 of the energy). */
void loud_blocks_update(struct loud_blocks *lb, const float *pcm, size_t n, unsigned rate,
                        size_t first, size_t last);
double loud_blocks_integrated(const struct loud_blocks *lb); /* LUFS, LOUD_FLOOR if silent */
double loud_blocks_lra(const struct loud_blocks *lb);        /* LU */
void loud_blocks_release(struct loud_blocks *lb);
/* I of sub-block energies e[0..nsub) of `sub` samples each, as
 * loud_blocks_integrated() derives it (for energies a caller predicted). */
double loud_energies_integrated(const double *e, size_t nsub, size_t sub);

/* Linear amplitude to dB (LOUD_FLOOR for 0 and anything below the floor). */
double loud_db(double linear);

#endif
