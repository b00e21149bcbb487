/* Unit tests of the true-peak limiter (audio/limiter.h): the ceiling holds on
 * synthetic worst cases, output stays sample-aligned, quiet input is left
 * bit-exact, gain moves smoothly and recovers. libebur128's true-peak meter
 * serves as the independent check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "audio/limiter.h"
#include "audio/loudness.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define RATE    22050u
#define CEIL_DB (-2.0)

static const struct lim_cfg cfg = {CEIL_DB, 5.0, 100.0};

static double ceil_lin(void)
{
	return pow(10.0, CEIL_DB / 20.0);
}

static float *alloc_pcm(size_t n)
{
	float *x = calloc(n, sizeof(*x));

	assert_non_null(x);
	return x;
}

static uint32_t lcg(uint32_t *s)
{
	*s = *s * 1664525u + 1013904223u;
	return *s;
}

/* Checks the promise: sample peak, our true peak and libebur128's true peak. */
static void assert_under_ceiling(const float *y, size_t n, const char *what)
{
	struct loud_result r;
	double sp = 0.0, tp = lim_true_peak(y, n);

	for (size_t i = 0; i < n; i++)
		if (fabs(y[i]) > sp)
			sp = fabs(y[i]);
	assert_int_equal(loud_measure_piece(y, n, RATE, LOUD_TP, &r, NULL), 0);
	printf("%-28s sample %.3f dBFS, ours %.3f dBTP, libebur128 %.3f dBTP\n", what,
	       20 * log10(sp), 20 * log10(tp), r.true_peak_dbtp);
	assert_true(sp <= ceil_lin());
	assert_true(tp <= ceil_lin());
	/* The independent meter (libebur128's 4x interpolator) agrees. */
	assert_true(r.true_peak_dbtp <= CEIL_DB + 0.01);
}

static void limit(float *x, size_t n, struct lim_stats *st)
{
	assert_int_equal(lim_process(&cfg, x, n, RATE, st, NULL), 0);
}

static void test_true_peak_of_quarter_rate_sine(void **state)
{
	size_t n = RATE;
	float *x = alloc_pcm(n);

	(void)state;
	/* fs/4 at 45 degrees: every sample is +-0.7071, the waveform peaks at 1. */
	for (size_t i = 0; i < n; i++)
		x[i] = (float)sin(M_PI / 2.0 * (double)i + M_PI / 4.0);
	/* The abrupt start and end overshoot a little (a truncated sine does). */
	assert_true(lim_true_peak(x, n) >= 0.999 && lim_true_peak(x, n) < 1.02);
	free(x);
}

static void test_quarter_rate_sine_limited(void **state)
{
	size_t n = 2 * RATE;
	float *x = alloc_pcm(n);
	struct lim_stats st;

	(void)state;
	for (size_t i = 0; i < n; i++)
		x[i] = (float)sin(M_PI / 2.0 * (double)i + M_PI / 4.0);
	limit(x, n, &st);
	assert_true(st.peak_in > 0.99);
	assert_true(st.passes >= 1);
	assert_under_ceiling(x, n, "fs/4 sine at 45 deg");
	/* Sample values sit at -3 dBFS, yet the gain must be ~-2 dB (true peak). */
	assert_true(fabs(20 * log10(fabs(x[n / 2])) - (-3.01 + CEIL_DB)) < 0.1);
	free(x);
}

static void test_full_scale_squares(void **state)
{
	static const size_t periods[] = {2, 3, 4, 7, 20, 101};
	size_t n = 2 * RATE;
	float *x = alloc_pcm(n);

	(void)state;
	for (size_t p = 0; p < sizeof(periods) / sizeof(periods[0]); p++) {
		char what[64];

		for (size_t i = 0; i < n; i++)
			x[i] = (i % periods[p]) * 2 < periods[p] ? 1.0f : -1.0f;
		limit(x, n, NULL);
		snprintf(what, sizeof(what), "square, period %zu", periods[p]);
		assert_under_ceiling(x, n, what);
	}
	free(x);
}

static void test_impulses_and_noise(void **state)
{
	size_t n = 3 * RATE;
	float *x = alloc_pcm(n);
	uint32_t s = 12345;

	(void)state;
	/* Isolated impulses and doublets (+1, -1): the worst inter-sample peaks. */
	for (size_t i = 500; i + 2 < n; i += 997) {
		x[i] = 1.0f;
		if ((i / 997) % 2) {
			x[i + 1] = -1.0f;
			x[i + 2] = 1.0f;
		}
	}
	limit(x, n, NULL);
	assert_under_ceiling(x, n, "impulses and doublets");
	/* White noise 12 dB over full scale. */
	for (size_t i = 0; i < n; i++)
		x[i] = (float)(((double)lcg(&s) / 4294967296.0 * 2.0 - 1.0) * 4.0);
	limit(x, n, NULL);
	assert_under_ceiling(x, n, "noise at +12 dBFS");
	free(x);
}

static void test_quiet_input_untouched(void **state)
{
	size_t n = RATE;
	float *x = alloc_pcm(n), *y = alloc_pcm(n);
	struct lim_stats st;

	(void)state;
	for (size_t i = 0; i < n; i++)
		x[i] = (float)(0.5 * sin(2 * M_PI * 1000.0 * i / RATE));
	memcpy(y, x, n * sizeof(*x));
	limit(y, n, &st);
	assert_int_equal(st.passes, 0);
	assert_memory_equal(x, y, n * sizeof(*x));
	free(x);
	free(y);
}

static void test_alignment_and_smoothness(void **state)
{
	size_t n = 2 * RATE, burst = RATE / 2, burst_len = RATE / 4;
	size_t look = (size_t)(5.0 * RATE / 1000.0 + 0.5);
	float *x = alloc_pcm(n), *y = alloc_pcm(n);
	double max_step = 0.0, prev = 1.0;
	size_t first_reduced = n, peak_in = 0, peak_out = 0;

	(void)state;
	/* A quiet tone with a loud burst of the same tone in the middle. */
	for (size_t i = 0; i < n; i++) {
		double a = (i >= burst && i < burst + burst_len) ? 1.5 : 0.2;

		x[i] = (float)(a * sin(2 * M_PI * 441.0 * i / RATE));
	}
	x[burst + 100] = 1.9f; /* a marker peak */
	memcpy(y, x, n * sizeof(*x));
	limit(y, n, NULL);
	assert_under_ceiling(y, n, "quiet tone with loud burst");
	for (size_t i = 0; i < n; i++) {
		double g = x[i] != 0.0f ? (double)y[i] / x[i] : prev;

		/* Same sign, never louder: output i is input i times a gain. */
		assert_true(g > 0.0 && g <= 1.0 + 1e-6);
		if (x[i] != 0.0f && fabs(x[i]) > 0.05) {
			if (fabs(g - prev) > max_step)
				max_step = fabs(g - prev);
			prev = g;
		}
		if (g < 0.999999 && first_reduced == n)
			first_reduced = i;
		if (fabs(x[i]) > fabs(x[peak_in]))
			peak_in = i;
		if (fabs(y[i]) > fabs(y[peak_out]))
			peak_out = i;
	}
	/* No latency: the biggest input peak is the biggest output peak, in place. */
	assert_int_equal(peak_in, burst + 100);
	assert_true(fabs(y[peak_out]) - fabs(y[peak_in]) < 0.01);
	/* The attack starts within the look-ahead before the burst, not earlier. */
	assert_true(first_reduced + look + 2 >= burst);
	assert_true(first_reduced < burst);
	/* Gain ramps: the ~-8 dB drop is spread over the look-ahead. */
	printf("max gain step per sample %.4f (look-ahead %zu samples)\n", max_step, look);
	assert_true(max_step < 0.05);
	/* Release: well after the burst the tone is back to its own level. */
	assert_true(fabs((double)y[n - 100] - x[n - 100]) < 1e-4);
	free(x);
	free(y);
}

static void test_tiny_buffers(void **state)
{
	float x[40];

	(void)state;
	for (size_t n = 1; n <= 40; n++) {
		for (size_t i = 0; i < n; i++)
			x[i] = (i % 2) ? -1.5f : 1.5f;
		limit(x, n, NULL);
		assert_true(lim_true_peak(x, n) <= ceil_lin());
		for (size_t i = 0; i < n; i++)
			assert_true(fabsf(x[i]) <= ceil_lin());
	}
}

static void test_bad_config(void **state)
{
	struct lim_cfg bad = {1.0, 5.0, 100.0};
	struct tb_err err = {0};
	float x[4] = {0};

	(void)state;
	assert_int_equal(lim_process(&bad, x, 4, RATE, NULL, &err), TB_E_USAGE);
	assert_int_equal(lim_process(&cfg, x, 0, RATE, NULL, &err), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_true_peak_of_quarter_rate_sine),
	        cmocka_unit_test(test_quarter_rate_sine_limited),
	        cmocka_unit_test(test_full_scale_squares),
	        cmocka_unit_test(test_impulses_and_noise),
	        cmocka_unit_test(test_quiet_input_untouched),
	        cmocka_unit_test(test_alignment_and_smoothness),
	        cmocka_unit_test(test_tiny_buffers),
	        cmocka_unit_test(test_bad_config),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
