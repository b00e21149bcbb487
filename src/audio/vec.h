/*
 * vec — small kernels over float arrays that the DSP chain runs on every
 * sample (absolute maximum, scaling), written with SSE2 where the compiler
 * offers it and as plain loops elsewhere; both give the same bits (max is
 * exact, and each product is one IEEE multiplication either way).
 *
 * vec_fast_fp_enter()/leave(): the chain's float and double recursions decay
 * through denormal numbers in the pauses of speech, which costs a hundred
 * cycles an operation on x86; the chain runs with denormals flushed to zero
 * (values below 1.2e-38, far under anything audible) and restores the
 * caller's floating-point mode when done. Per thread; nothing else changes.
 */
#ifndef TB_VEC_H
#define TB_VEC_H

#include <stddef.h>

/* max |x[i]| over [0, n) (0 for n == 0). */
float vec_abs_max(const float *x, size_t n);
/* out[b] = max |x[i]| over block b = [b * block, (b + 1) * block) clipped to
 * n, for b < ceil(n / block). */
void vec_block_abs_max(const float *x, size_t n, size_t block, float *out);
/* x[i] *= e0 + step * (float)i for i < n: a linear gain ramp. */
void vec_ramp_mul(float *x, size_t n, float e0, float step);
/* A piecewise-linear gain: for every k < nc - 1 where g[k] < 1 or
 * g[k + 1] < 1, the samples of chunk k are multiplied as by vec_ramp_mul with
 * e0 = g[k], step = (g[k + 1] - g[k]) / chunk. Chunks past n are clipped. */
void vec_envelope_mul(float *x, size_t n, const float *g, size_t nc, size_t chunk);
/* sum of x[i]^2 over [0, n): a float sum in lanes, for weights (not bits
 * anyone compares) */
double vec_sum_squares(const float *x, size_t n);
/* max |x[i]| over [0, n), and adds the sum of x[i]^2 to *power (as
 * vec_sum_squares). */
float vec_abs_max_power(const float *x, size_t n, double *power);
/* vec_block_abs_max() into bm, and in the same pass the sum of squares of
 * every `per` blocks into pw (pw[q] covers blocks [q * per, (q + 1) * per)). */
void vec_block_max_power(const float *x, size_t n, size_t block, size_t per, float *bm, double *pw);
/* a[i] = min(a[i], a[i + w]) for i < n (a has n + w values) */
void vec_min_shift(float *a, size_t n, size_t w);
/* out[i] = min(a[i], b[i]) for i < n (out may be neither a nor b) */
void vec_min_pair(float *out, const float *a, const float *b, size_t n);
/* x = src * g, then vec_envelope_mul(x, n, env, nc, chunk), in one pass (the
 * same two roundings per sample). Chunks cover [0, n) when
 * nc >= (n - 1) / chunk + 2. */
void vec_envelope_mul_from(float *x, const float *src, size_t n, float g, const float *env,
                           size_t nc, size_t chunk);
/* x[i] *= g */
void vec_scale(float *x, size_t n, float g);
/* dst[i] = src[i] * g (dst and src must not overlap) */
void vec_scale_copy(float *dst, const float *src, size_t n, float g);

/* Saves the floating-point control state and turns on flush-to-zero (and
 * denormals-are-zero); returns what vec_fast_fp_leave() must restore. */
unsigned vec_fast_fp_enter(void);
void vec_fast_fp_leave(unsigned saved);

#endif
