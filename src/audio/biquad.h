/*
 * biquad — second-order IIR sections (RBJ "Audio EQ Cookbook" formulas) and
 * Butterworth high-/low-pass cascades built from them.
 *
 * A `struct bq` holds normalized coefficients (a0 == 1) and a transposed
 * direct form II state kept in double, so long runs of float audio do not
 * accumulate rounding noise. Filtering is in place and deterministic; the
 * caller owns every struct (nothing here allocates).
 *
 * bq_chain_run() filters long buffers (64 Ki samples and more, cascades of 2
 * or 4 sections) as two halves at once in SSE2 lanes; the second half's
 * state is built by running the cascade over the samples before it until its
 * start is forgotten to 1e-13, so the output matches the one-lane result to
 * float resolution.
 *
 * Butterworth cascades: order 2 is one section with Q = 1/sqrt(2); order 4 is
 * two sections with Q = 0.5412 and 1.3066 (the pole pairs of the 4th-order
 * Butterworth polynomial), so the whole cascade is -3.01 dB at the corner and
 * falls 24 dB per octave beyond it. Bilinear-transform warping is handled by
 * the cookbook formulas (the corner is exact; the far stop band of a low-pass
 * bends towards a zero at Nyquist).
 */
#ifndef TB_BIQUAD_H
#define TB_BIQUAD_H

#include <stddef.h>

struct bq {
	double b0, b1, b2, a1, a2; /* y = b0 x + b1 x1 + b2 x2 - a1 y1 - a2 y2 */
	double z1, z2;             /* TDF-II state */
};

#define BQ_MAX_SECTIONS 4

/* A cascade of sections run one after the other. */
struct bq_chain {
	struct bq s[BQ_MAX_SECTIONS];
	int n;
};

enum bq_kind { BQ_LOWPASS, BQ_HIGHPASS };

/* RBJ cookbook low-/high-pass with corner `f0` Hz and quality `q` at sample
 * rate `rate`. Requires 0 < f0 < rate / 2 and q > 0; state is cleared. */
void bq_lowpass(struct bq *s, double rate, double f0, double q);
void bq_highpass(struct bq *s, double rate, double f0, double q);
void bq_reset(struct bq *s);
/* Filters `n` samples of `x` in place, continuing from the current state. */
void bq_run(struct bq *s, float *x, size_t n);
/* Magnitude response in dB of one section at frequency `f` Hz. */
double bq_response_db(const struct bq *s, double rate, double f);

/* Appends a Butterworth filter of order 2 or 4 to `c` (which must have room:
 * at most BQ_MAX_SECTIONS sections in all). Returns 0, or -1 for an order,
 * frequency or capacity it cannot take. */
int bq_chain_add_butterworth(struct bq_chain *c, enum bq_kind kind, int order, double rate,
                             double f0);
void bq_chain_run(struct bq_chain *c, float *x, size_t n);
void bq_chain_reset(struct bq_chain *c);
/* Magnitude response in dB of the whole cascade (0 dB for an empty one). */
double bq_chain_response_db(const struct bq_chain *c, double rate, double f);

#endif
