/*
 * meter — loudness of a whole episode, measured as it streams past piece by
 * piece (libebur128, dual-mono: the way players render mono on two ears), so
 * no episode-long buffer is needed. Integrated loudness and loudness range
 * come from libebur128 over the whole programme; the true peak is the largest
 * of the pieces' true peaks, which the processing chain measures anyway.
 */
#ifndef TB_METER_H
#define TB_METER_H

#include "core/err.h"

#include <stddef.h>

struct meter;

int meter_open(struct meter **out, unsigned rate, struct tb_err *err);
int meter_add(struct meter *m, const float *pcm, size_t n, double piece_true_peak_dbtp,
	      struct tb_err *err);
/* Results so far; the floor value -99 stands for silence. */
void meter_result(struct meter *m, double *lufs, double *lra_lu, double *true_peak_dbtp);
void meter_close(struct meter *m);

#endif
