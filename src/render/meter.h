/*
 * meter — loudness of an episode made of pieces rendered apart (in other
 * processes, or read from the cache), measured as dual-mono (a mono file
 * counts twice, the way players render it on two ears).
 *
 * Each piece is measured on its own into 100 ms steps with the K-weighted
 * sub-block energies of audio/loudness.h (checked there against libebur128
 * to 0.01 LU): the momentary (400 ms) and short-term (3 s) energies ending at
 * each step, with silence before the piece's start. The episode's integrated
 * loudness (BS.1770 gating: -70 LUFS absolute, -10 LU relative) and loudness
 * range (EBU Tech 3342: -70 LUFS, -20 LU, 10th to 95th percentile) are then
 * computed over the steps of all pieces in order. Pieces meet in silence, so
 * measuring them apart changes nothing a listener could hear.
 */
#ifndef TB_METER_H
#define TB_METER_H

#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>

#define METER_FLOOR (-99.0)

struct meter_block {
	double momentary; /* mean square, K-weighted, dual-mono (0 for silence) */
	double shortterm;
};

/* Appends the blocks of `n` samples at `rate` to `blocks` (a vec of struct meter_block). */
int meter_piece(const float *pcm, size_t n, unsigned rate, struct buf *blocks, struct tb_err *err);

/* Integrated loudness and loudness range of pieces played one after another;
 * METER_FLOOR and 0 for silence. */
int meter_episode(const struct buf *const *blocks, size_t npieces, double *lufs, double *lra_lu,
                  struct tb_err *err);

#endif
