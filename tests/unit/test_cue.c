/* Unit tests of cues (audio/cue.h): the generated chime's length, level,
 * envelope, pitch and determinism; the windowed-sinc resampler's accuracy
 * and anti-aliasing; loading WAV/FLAC files with libsndfile. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "audio/cue.h"

#include <math.h>
#include <sndfile.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* Power of frequency f in x[0..n) (Goertzel), normalized so a full-scale
 * sine of that frequency gives 0 dB. */
static double tone_db(const float *x, size_t n, unsigned rate, double f)
{
	double w = 2 * M_PI * f / rate, c = 2 * cos(w), s1 = 0, s2 = 0, p;

	for (size_t i = 0; i < n; i++) {
		double s0 = x[i] + c * s1 - s2;

		s2 = s1;
		s1 = s0;
	}
	p = s1 * s1 + s2 * s2 - c * s1 * s2;
	return 10 * log10(p / ((double)n * n / 4.0) + 1e-30);
}

static void test_chime(void **state)
{
	const unsigned rate = 22050;
	float *a, *b;
	size_t n, m, q;
	double peak = 0;

	(void)state;
	assert_int_equal(cue_chime(rate, -6.0, &a, &n, NULL), 0);
	assert_int_equal(n, (size_t)rate * CUE_CHIME_MS / 1000);
	assert_true(n <= rate * 4 / 10);
	for (size_t i = 0; i < n; i++)
		if (fabs(a[i]) > peak)
			peak = fabs(a[i]);
	assert_true(fabs(20 * log10(peak) + 6.0) < 0.01);
	/* Soft start and an end at exact silence (no clicks). */
	assert_true(fabs(a[0]) < 1e-6);
	assert_true(fabs(a[1]) < 0.01);
	assert_true(fabs(a[n - 1]) < 1e-6);
	/* First note 880 Hz, second 1320 Hz. */
	q = rate / 10;
	printf("chime: first 100 ms 880 Hz %.1f dB, 1320 Hz %.1f dB; last 100 ms 880 %.1f, "
	       "1320 %.1f\n",
	       tone_db(a, q, rate, 880), tone_db(a, q, rate, 1320),
	       tone_db(a + n - q, q, rate, 880), tone_db(a + n - q, q, rate, 1320));
	assert_true(tone_db(a, q, rate, 880) > tone_db(a, q, rate, 1320) + 15);
	assert_true(tone_db(a + n - q, q, rate, 1320) > tone_db(a + n - q, q, rate, 880) + 15);
	/* Deterministic. */
	assert_int_equal(cue_chime(rate, -6.0, &b, &m, NULL), 0);
	assert_int_equal(m, n);
	assert_memory_equal(a, b, n * sizeof(*a));
	free(a);
	free(b);
	/* Other rates work too. */
	assert_int_equal(cue_chime(44100, -3.0, &a, &n, NULL), 0);
	assert_int_equal(n, 44100u * CUE_CHIME_MS / 1000);
	free(a);
	assert_int_equal(cue_chime(100, -3.0, &a, &n, NULL), TB_E_USAGE);
}

/* Largest |error| against an ideal sine, away from the edges. */
static double resample_error(unsigned in_rate, unsigned out_rate, double f)
{
	size_t n = in_rate, m;
	float *x = calloc(n, sizeof(*x)), *y;
	double worst = 0;

	assert_non_null(x);
	for (size_t i = 0; i < n; i++)
		x[i] = (float)(0.5 * sin(2 * M_PI * f * i / in_rate));
	assert_int_equal(cue_resample(x, n, in_rate, out_rate, &y, &m, NULL), 0);
	assert_int_equal(m, (size_t)(((uint64_t)n * out_rate + in_rate - 1) / in_rate));
	for (size_t i = m / 10; i < m - m / 10; i++) {
		double ideal = 0.5 * sin(2 * M_PI * f * i / out_rate);

		if (fabs(y[i] - ideal) > worst)
			worst = fabs(y[i] - ideal);
	}
	free(x);
	free(y);
	return worst;
}

static void test_resampler_accuracy(void **state)
{
	double e1 = resample_error(44100, 22050, 1000);
	double e2 = resample_error(16000, 22050, 1000);
	double e3 = resample_error(48000, 22050, 5000);
	double e4 = resample_error(22050, 44100, 3000);

	(void)state;
	printf("resampler max error (0.5 amplitude sine): 44.1k->22.05k %.2e, 16k->22.05k %.2e, "
	       "48k->22.05k (5 kHz) %.2e, 22.05k->44.1k %.2e\n",
	       e1, e2, e3, e4);
	/* Better than -80 dB relative to the tone. */
	assert_true(e1 < 5e-5);
	assert_true(e2 < 5e-5);
	assert_true(e3 < 5e-5);
	assert_true(e4 < 5e-5);
}

static void test_resampler_antialias(void **state)
{
	const unsigned in_rate = 44100, out_rate = 22050;
	size_t n = in_rate, m;
	float *x = calloc(n, sizeof(*x)), *y;
	double s = 0;

	(void)state;
	/* 15 kHz cannot exist at 22050 Hz: it must be removed, not folded to 7 kHz. */
	for (size_t i = 0; i < n; i++)
		x[i] = (float)(0.5 * sin(2 * M_PI * 15000.0 * i / in_rate));
	assert_int_equal(cue_resample(x, n, in_rate, out_rate, &y, &m, NULL), 0);
	for (size_t i = m / 10; i < m - m / 10; i++)
		s += (double)y[i] * y[i];
	s = 10 * log10(s / (m - m / 5) / 0.125);
	printf("15 kHz at 44.1k -> 22.05k: residual %.1f dB\n", s);
	assert_true(s < -70.0);
	/* Equal rates copy exactly. */
	free(y);
	assert_int_equal(cue_resample(x, n, in_rate, in_rate, &y, &m, NULL), 0);
	assert_int_equal(m, n);
	assert_memory_equal(x, y, n * sizeof(*x));
	free(x);
	free(y);
}

static char *write_sound(int format, unsigned rate, int channels, double seconds, const char *ext)
{
	static char path[256];
	SF_INFO info = {0};
	SNDFILE *sf;
	size_t n = (size_t)(seconds * rate);
	float *x = calloc(n * (size_t)channels, sizeof(*x));

	assert_non_null(x);
	snprintf(path, sizeof(path), "/tmp/tb_test_cue_%ld.%s", (long)getpid(), ext);
	info.samplerate = (int)rate;
	info.channels = channels;
	info.format = format;
	if (!sf_format_check(&info)) {
		free(x);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		for (int c = 0; c < channels; c++)
			x[i * (size_t)channels + (size_t)c] =
			        (float)((c == 0 ? 0.8 : 0.4) * sin(2 * M_PI * 440.0 * i / rate));
	sf = sf_open(path, SFM_WRITE, &info);
	assert_non_null(sf);
	assert_int_equal(sf_writef_float(sf, x, (sf_count_t)n), (sf_count_t)n);
	sf_close(sf);
	free(x);
	return path;
}

static void test_cue_files(void **state)
{
	struct tb_err err = {0};
	struct profile p;
	float *y;
	size_t m;
	char *path;
	double peak = 0;

	(void)state;
	/* Stereo WAV at 44.1 kHz, 0.5 s: mono, 22050 Hz, peak at the requested level. */
	path = write_sound(SF_FORMAT_WAV | SF_FORMAT_PCM_16, 44100, 2, 0.5, "wav");
	assert_non_null(path);
	assert_int_equal(cue_load_file(path, 22050, -10.0, &y, &m, &err), 0);
	assert_int_equal(m, 11025);
	for (size_t i = 0; i < m; i++)
		if (fabs(y[i]) > peak)
			peak = fabs(y[i]);
	assert_true(fabs(20 * log10(peak) + 10.0) < 0.01);
	assert_true(tone_db(y + 1000, 8820, 22050, 440) > tone_db(y + 1000, 8820, 22050, 880) + 40);
	free(y);
	/* Through a profile. */
	prof_defaults(&p);
	p.cue = PROF_CUE_FILE;
	snprintf(p.cue_file, sizeof(p.cue_file), "%s", path);
	p.cue_peak_dbfs = -6;
	assert_int_equal(cue_make(&p, 22050, &y, &m, &err), 0);
	assert_int_equal(m, 11025);
	free(y);
	unlink(path);
	/* FLAC, mono, 48 kHz (when this libsndfile has FLAC). */
	path = write_sound(SF_FORMAT_FLAC | SF_FORMAT_PCM_16, 48000, 1, 0.25, "flac");
	if (path) {
		assert_int_equal(cue_load_file(path, 22050, -6.0, &y, &m, &err), 0);
		assert_int_equal(m, 5513); /* ceil(12000 * 22050 / 48000) */
		free(y);
		unlink(path);
	} else {
		printf("FLAC not supported by this libsndfile: FLAC case not run\n");
	}
	/* Missing file, no cue. */
	assert_int_equal(cue_load_file("/nonexistent/jingle.wav", 22050, -6, &y, &m, &err),
	                 TB_E_IO);
	assert_non_null(strstr(err.msg, "/nonexistent/jingle.wav"));
	p.cue = PROF_CUE_NONE;
	assert_int_equal(cue_make(&p, 22050, &y, &m, &err), 0);
	assert_null(y);
	assert_int_equal(m, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_chime),
	        cmocka_unit_test(test_resampler_accuracy),
	        cmocka_unit_test(test_resampler_antialias),
	        cmocka_unit_test(test_cue_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
