/* Unit tests of the DSP: biquad responses, loudness against EBU Tech 3341 /
 * 3342 reference values, the compressor's curve and its effect on loudness
 * range, and the whole per-piece chain (dsp_process_piece). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "audio/biquad.h"
#include "audio/compressor.h"
#include "audio/dsp.h"
#include "audio/limiter.h"
#include "audio/loudness.h"
#include "audio/profile.h"
#include "audio/vec.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

/* A shipped profile: from TB_SOURCE_DIR when ctest sets it, else by name. */
static void load_profile(const char *name, struct profile *p)
{
	const char *src = getenv("TB_SOURCE_DIR");
	struct tb_err err = {0};
	char path[1024];
	int rc;

	if (src && *src) {
		snprintf(path, sizeof(path), "%s/voices/profiles/%s.conf", src, name);
		rc = prof_load(path, p, &err);
	} else {
		rc = prof_find(name, p, &err);
	}
	if (rc)
		fail_msg("%s", err.msg);
}

static float *alloc_pcm(size_t n)
{
	float *x = calloc(n ? n : 1, sizeof(*x));

	assert_non_null(x);
	return x;
}

/* Appends `seconds` of a 1 kHz sine at `dbfs` (peak) starting at sample *pos. */
static void add_tone(float *x, size_t *pos, unsigned rate, double seconds, double dbfs, double freq)
{
	size_t n = (size_t)(seconds * rate + 0.5);
	double a = pow(10.0, dbfs / 20.0);

	for (size_t i = 0; i < n; i++, (*pos)++)
		x[*pos] = (float)(a * sin(2 * M_PI * freq * (double)*pos / rate));
}

/* ---- biquad ---------------------------------------------------------- */

static double rms_db(const float *x, size_t n)
{
	double s = 0.0;

	for (size_t i = 0; i < n; i++)
		s += (double)x[i] * x[i];
	return 10.0 * log10(s / n + 1e-30);
}

/* Gain of the chain on a sine at f, measured by filtering (after settling). */
static double measured_gain_db(struct bq_chain *c, unsigned rate, double f)
{
	size_t n = rate; /* 1 s */
	float *x = alloc_pcm(n);
	double in, out;

	for (size_t i = 0; i < n; i++)
		x[i] = (float)sin(2 * M_PI * f * i / rate);
	in = rms_db(x + n / 2, n / 2);
	bq_chain_reset(c);
	bq_chain_run(c, x, n);
	out = rms_db(x + n / 2, n / 2);
	free(x);
	return out - in;
}

static void test_biquad_butterworth_responses(void **state)
{
	const unsigned rate = 22050;
	struct bq_chain hp = {.n = 0}, lp = {.n = 0}, one = {.n = 0};

	(void)state;
	assert_int_equal(bq_chain_add_butterworth(&hp, BQ_HIGHPASS, 4, rate, 120.0), 0);
	assert_int_equal(bq_chain_add_butterworth(&lp, BQ_LOWPASS, 4, rate, 7000.0), 0);
	assert_int_equal(bq_chain_add_butterworth(&one, BQ_LOWPASS, 2, rate, 1000.0), 0);
	/* -3.01 dB at the corner, for 2nd and 4th order alike. */
	assert_true(fabs(bq_chain_response_db(&hp, rate, 120.0) + 3.01) < 0.02);
	assert_true(fabs(bq_chain_response_db(&lp, rate, 7000.0) + 3.01) < 0.02);
	assert_true(fabs(bq_chain_response_db(&one, rate, 1000.0) + 3.01) < 0.02);
	/* Flat passband. */
	assert_true(fabs(bq_chain_response_db(&hp, rate, 1000.0)) < 0.01);
	assert_true(fabs(bq_chain_response_db(&lp, rate, 1000.0)) < 0.01);
	/* 4th order: ~24 dB an octave beyond the corner. */
	printf("HP120 @60 Hz %.2f dB, @30 Hz %.2f dB; LP7k @10 kHz %.2f dB; LP1k(2nd) @2k %.2f\n",
	       bq_chain_response_db(&hp, rate, 60.0), bq_chain_response_db(&hp, rate, 30.0),
	       bq_chain_response_db(&lp, rate, 10000.0), bq_chain_response_db(&one, rate, 2000.0));
	assert_true(bq_chain_response_db(&hp, rate, 60.0) < -23.0);
	assert_true(bq_chain_response_db(&hp, rate, 30.0) < -47.0);
	assert_true(bq_chain_response_db(&lp, rate, 10000.0) < -20.0);
	assert_true(bq_chain_response_db(&one, rate, 2000.0) < -12.0);
	/* The filtering code does what the formula says. */
	assert_true(fabs(measured_gain_db(&hp, rate, 120.0) + 3.01) < 0.05);
	assert_true(fabs(measured_gain_db(&hp, rate, 60.0) -
	                 bq_chain_response_db(&hp, rate, 60.0)) < 0.1);
	assert_true(fabs(measured_gain_db(&lp, rate, 7000.0) + 3.01) < 0.05);
	assert_true(fabs(measured_gain_db(&lp, rate, 10000.0) -
	                 bq_chain_response_db(&lp, rate, 10000.0)) < 0.2);
	/* Bad parameters are refused, capacity respected. */
	assert_int_equal(bq_chain_add_butterworth(&hp, BQ_LOWPASS, 3, rate, 100.0), -1);
	assert_int_equal(bq_chain_add_butterworth(&hp, BQ_LOWPASS, 4, rate, 12000.0), -1);
	assert_int_equal(bq_chain_add_butterworth(&hp, BQ_LOWPASS, 4, rate, 5000.0), 0);
	assert_int_equal(bq_chain_add_butterworth(&hp, BQ_LOWPASS, 2, rate, 5000.0), -1);
}

/* ---- loudness: EBU Tech 3341 / 3342 ----------------------------------- */

struct seg {
	double seconds, dbfs;
};

static double integrated_of(const struct seg *s, size_t k, unsigned rate, int what, double *lra)
{
	size_t total = 0, pos = 0;
	struct loud_result r;
	float *x;

	for (size_t i = 0; i < k; i++)
		total += (size_t)(s[i].seconds * rate + 0.5);
	x = alloc_pcm(total);
	for (size_t i = 0; i < k; i++)
		add_tone(x, &pos, rate, s[i].seconds, s[i].dbfs, 1000.0);
	assert_int_equal(loud_measure_piece(x, total, rate, what, &r, NULL), 0);
	/* The fast meter must agree with libebur128 on every reference case. */
	{
		struct loud_result f;

		assert_int_equal(loud_fast_measure_piece(x, total, rate, what, &f, NULL), 0);
		if (what & LOUD_I)
			assert_true(fabs(f.integrated_lufs - r.integrated_lufs) < 0.01);
		if (what & LOUD_LRA)
			assert_true(fabs(f.lra_lu - r.lra_lu) < 0.1);
	}
	free(x);
	if (lra)
		*lra = r.lra_lu;
	return r.integrated_lufs;
}

static void test_loudness_tech3341(void **state)
{
	/* Tech 3341 cases 1-5 (1 kHz sine, stereo in the standard; a mono file
	 * measured as dual-mono reads the same as identical stereo channels). */
	static const struct seg c1[] = {{20, -23}};
	static const struct seg c2[] = {{20, -33}};
	static const struct seg c3[] = {{10, -36}, {60, -23}, {10, -36}};
	static const struct seg c4[] = {{10, -72}, {10, -36}, {60, -23}, {10, -36}, {10, -72}};
	static const struct seg c5[] = {{20, -26}, {20.1, -20}, {20, -26}};
	static const unsigned rates[] = {48000, 22050, 44100};

	(void)state;
	for (size_t r = 0; r < 3; r++) {
		unsigned rate = rates[r];
		double v[5];

		v[0] = integrated_of(c1, 1, rate, LOUD_I, NULL);
		v[1] = integrated_of(c2, 1, rate, LOUD_I, NULL);
		v[2] = integrated_of(c3, 3, rate, LOUD_I, NULL);
		v[3] = integrated_of(c4, 5, rate, LOUD_I, NULL);
		v[4] = integrated_of(c5, 3, rate, LOUD_I, NULL);
		printf("Tech 3341 @%u Hz: %.2f %.2f %.2f %.2f %.2f LUFS\n", rate, v[0], v[1], v[2],
		       v[3], v[4]);
		assert_true(fabs(v[0] + 23.0) <= 0.1);
		assert_true(fabs(v[1] + 33.0) <= 0.1);
		assert_true(fabs(v[2] + 23.0) <= 0.1);
		assert_true(fabs(v[3] + 23.0) <= 0.1);
		assert_true(fabs(v[4] + 23.0) <= 0.1);
	}
}

static void test_loudness_tech3342_lra(void **state)
{
	/* Tech 3342 cases 1-4: expected LRA 10, 5, 20, 15 LU (+-1). */
	static const struct seg c1[] = {{20, -20}, {20, -30}};
	static const struct seg c2[] = {{20, -20}, {20, -15}};
	static const struct seg c3[] = {{20, -40}, {20, -20}};
	static const struct seg c4[] = {{20, -50}, {20, -35}, {20, -20}, {20, -35}, {20, -50}};
	double lra[4];

	(void)state;
	integrated_of(c1, 2, 22050, LOUD_LRA, &lra[0]);
	integrated_of(c2, 2, 22050, LOUD_LRA, &lra[1]);
	integrated_of(c3, 2, 22050, LOUD_LRA, &lra[2]);
	integrated_of(c4, 5, 22050, LOUD_LRA, &lra[3]);
	printf("Tech 3342: LRA %.2f %.2f %.2f %.2f LU\n", lra[0], lra[1], lra[2], lra[3]);
	assert_true(fabs(lra[0] - 10.0) <= 1.0);
	assert_true(fabs(lra[1] - 5.0) <= 1.0);
	assert_true(fabs(lra[2] - 20.0) <= 1.0);
	assert_true(fabs(lra[3] - 15.0) <= 1.0);
}

static void test_loudness_pieces_and_peaks(void **state)
{
	const unsigned rate = 22050;
	size_t n = 10 * rate, pos = 0;
	float *x = alloc_pcm(n);
	struct loud_piece parts[2];
	struct loud_result whole, split;

	(void)state;
	add_tone(x, &pos, rate, 10.0, -20.0, 997.0);
	assert_int_equal(loud_measure_piece(x, n, rate, LOUD_ALL, &whole, NULL), 0);
	/* Measuring a programme in pieces is the same as measuring it whole. */
	parts[0] = (struct loud_piece){x, 3 * rate + 17};
	parts[1] = (struct loud_piece){x + 3 * rate + 17, n - 3 * rate - 17};
	assert_int_equal(loud_measure(parts, 2, rate, LOUD_ALL, &split, NULL), 0);
	assert_true(fabs(whole.integrated_lufs - split.integrated_lufs) < 1e-9);
	assert_true(fabs(whole.true_peak_dbtp - split.true_peak_dbtp) < 1e-6);
	assert_true(fabs(whole.seconds - 10.0) < 1e-9);
	assert_true(fabs(whole.sample_peak_dbfs + 20.0) < 0.01);
	assert_true(whole.true_peak_dbtp >= -20.01 && whole.true_peak_dbtp < -19.9);
	/* Silence is reported at the floor, never -inf. */
	memset(x, 0, n * sizeof(*x));
	assert_int_equal(loud_measure_piece(x, n, rate, LOUD_ALL, &whole, NULL), 0);
	assert_true(whole.integrated_lufs == LOUD_FLOOR);
	assert_true(whole.true_peak_dbtp == LOUD_FLOOR);
	assert_true(whole.lra_lu == 0.0);
	free(x);
}

/* ---- compressor ----------------------------------------------------- */

static void test_compressor_curve(void **state)
{
	struct comp_cfg hard = {-20, 4, 10, 100, 0, 0};
	struct comp_cfg soft = {-20, 4, 10, 100, 6, 0};

	(void)state;
	assert_true(fabs(comp_gain_db(&hard, -30)) < 1e-12);
	assert_true(fabs(comp_gain_db(&hard, -10) + 7.5) < 1e-9); /* 10 over -> 2.5 over */
	assert_true(fabs(comp_gain_db(&soft, -26)) < 1e-12);      /* below the knee */
	assert_true(fabs(comp_gain_db(&soft, -10) + 7.5) < 1e-9); /* above the knee */
	/* Inside the knee: between no reduction and the hard curve, continuous. */
	assert_true(comp_gain_db(&soft, -20) < 0 && comp_gain_db(&soft, -20) > -1.2);
	assert_true(fabs(comp_gain_db(&soft, -17.0) - comp_gain_db(&hard, -17.0)) < 1e-9);
}

static void test_compressor_steady_state(void **state)
{
	const unsigned rate = 22050;
	struct comp_cfg cfg = {-30, 4, 5, 50, 0, 0};
	size_t n = 2 * rate, pos = 0;
	float *x = alloc_pcm(n);
	double in, out;

	(void)state;
	/* RMS of a sine at -10 dBFS peak is -13 dB: 17 over -> 4.25 over. */
	add_tone(x, &pos, rate, 2.0, -10.0, 500.0);
	in = rms_db(x + rate, rate);
	comp_process(&cfg, x, n, rate, NULL);
	out = rms_db(x + rate, rate);
	printf("compressor: %.2f dB RMS in, %.2f out (expected %.2f)\n", in, out,
	       -30 + (in + 30) / 4);
	assert_true(fabs(out - (-30 + (in + 30) / 4)) < 0.3);
	free(x);
}

/* Alternating loud and quiet stretches: 4 s of speech-band noise, 12 dB apart. */
static float *alternating(unsigned rate, size_t *n)
{
	size_t total = 48 * rate;
	float *x = alloc_pcm(total);
	uint32_t s = 99;
	struct bq_chain band = {.n = 0};

	assert_int_equal(bq_chain_add_butterworth(&band, BQ_HIGHPASS, 2, rate, 200.0), 0);
	assert_int_equal(bq_chain_add_butterworth(&band, BQ_LOWPASS, 2, rate, 3000.0), 0);
	for (size_t i = 0; i < total; i++) {
		double a = ((i / (4 * rate)) % 2) ? 0.05 : 0.2 * 1.0;

		s = s * 1664525u + 1013904223u;
		x[i] = (float)(a * ((double)s / 4294967296.0 * 2.0 - 1.0));
		if ((i / (4 * rate)) % 2)
			x[i] *= 0.5f; /* quiet: 12 dB + 6 dB below */
	}
	bq_chain_run(&band, x, total);
	*n = total;
	return x;
}

static void test_compressor_brings_lra_under_limit(void **state)
{
	const unsigned rate = 22050;
	struct profile p;
	struct dsp_report rep;
	size_t n;
	float *x;

	(void)state;
	prof_defaults(&p);
	p.audio.compressor = 1;
	p.audio.compressor_threshold_db = -28;
	p.audio.compressor_ratio = 3;
	p.audio.lra_max_lu = 5;
	p.audio.loudness_lufs = -14;
	p.audio.mp3_loudness_comp_lu = 0;
	p.audio.true_peak_dbtp = -1;
	x = alternating(rate, &n);
	assert_int_equal(dsp_process_piece(&p.audio, x, n, rate, &rep, NULL), 0);
	printf("LRA %.2f -> %.2f LU after %d compression round(s) (threshold %.0f, ratio %.2f); "
	       "I %.2f LUFS, TP %.2f dBTP\n",
	       rep.input_lra_lu, rep.lra_lu, rep.comp_rounds, rep.comp_threshold_db, rep.comp_ratio,
	       rep.integrated_lufs, rep.true_peak_dbtp);
	assert_true(rep.input_lra_lu > 15.0);
	assert_true(rep.lra_lu <= 5.0);
	assert_true(fabs(rep.integrated_lufs + 14.0) <= 0.2);
	assert_true(rep.true_peak_dbtp <= -1.5 + 0.01);
	{
		struct loud_result ind;

		assert_int_equal(loud_measure_piece(x, n, rate, LOUD_ALL, &ind, NULL), 0);
		assert_true(ind.lra_lu <= 5.0);
		assert_true(ind.true_peak_dbtp <= -1.5 + 0.01);
	}
	/* Station's tighter limit. */
	free(x);
	x = alternating(rate, &n);
	p.audio.lra_max_lu = 4;
	assert_int_equal(dsp_process_piece(&p.audio, x, n, rate, &rep, NULL), 0);
	printf("station-like: LRA -> %.2f LU\n", rep.lra_lu);
	assert_true(rep.lra_lu <= 4.0);
	free(x);
}

/* ---- the whole chain -------------------------------------------------- */

/*
 * A deterministic speech-like signal: a glottal pulse train (110-190 Hz,
 * gliding) through two resonances, in syllables of 120-300 ms with varying
 * level, words separated by short gaps and sentences by pauses. High crest
 * factor, like eSpeak output.
 */
static float *speechlike(unsigned rate, double seconds, double level, size_t *n)
{
	size_t total = (size_t)(seconds * rate);
	float *x = alloc_pcm(total);
	uint32_t s = 4242;
	struct bq f1, f2;
	double phase = 0.0;
	size_t i = 0;

	bq_lowpass(&f1, rate, 700.0, 4.0);
	bq_lowpass(&f2, rate, 1800.0, 3.0);
	while (i < total) {
		size_t syl, gap;
		double amp;

		s = s * 1664525u + 1013904223u;
		syl = rate * (120 + s % 180) / 1000;
		amp = level * (0.4 + 0.6 * (double)((s >> 12) % 1000) / 1000.0);
		gap = (s >> 8) % 7 == 0 ? rate * 4 / 10 : rate * 3 / 100;
		for (size_t k = 0; k < syl && i < total; k++, i++) {
			double f0 = 110.0 + 80.0 * ((double)((i / rate) % 5) / 5.0);
			double env = sin(M_PI * (double)k / syl);

			phase += f0 / rate;
			if (phase >= 1.0)
				phase -= 1.0;
			x[i] = (float)(amp * env * (phase < 0.08 ? 1.0 - phase / 0.04 : -0.05));
		}
		i += gap;
	}
	bq_run(&f1, x, total);
	bq_run(&f2, x, total);
	*n = total;
	return x;
}

static void check_profile_chain(const char *name, unsigned rate)
{
	struct profile p;
	struct dsp_report rep;
	struct loud_result ind;
	struct tb_err err = {0};
	size_t n;
	float *x = speechlike(rate, 60.0, 0.6, &n);
	double ceiling;

	load_profile(name, &p);
	ceiling = p.audio.true_peak_dbtp - p.audio.limiter_margin_db;
	assert_int_equal(dsp_process_piece(&p.audio, x, n, rate, &rep, &err), 0);
	/* Independent check of the result with libebur128. */
	assert_int_equal(loud_measure_piece(x, n, rate, LOUD_ALL, &ind, NULL), 0);
	printf("%-8s libebur128: I %.2f LUFS, LRA %.2f LU, TP %.2f dBTP\n", name,
	       ind.integrated_lufs, ind.lra_lu, ind.true_peak_dbtp);
	assert_true(fabs(ind.integrated_lufs - dsp_target_lufs(&p.audio)) <= 0.2);
	assert_true(fabs(ind.integrated_lufs - rep.integrated_lufs) <= 0.02);
	assert_true(ind.true_peak_dbtp <= ceiling + 0.01);
	assert_true(fabs(ind.lra_lu - rep.lra_lu) <= 0.2);
	printf("%-8s in %.2f LUFS -> I %.2f LUFS, LRA %.2f LU, TP %.2f dBTP (ours %.2f), "
	       "gain %.2f dB, limiter %.2f dB, rounds comp %d lim %d\n",
	       name, rep.input_lufs, rep.integrated_lufs, rep.lra_lu, rep.true_peak_dbtp,
	       rep.limiter_peak_dbtp, rep.gain_db, rep.limiter_min_gain_db, rep.comp_rounds,
	       rep.limit_rounds);
	assert_true(fabs(rep.integrated_lufs - dsp_target_lufs(&p.audio)) <= 0.1);
	assert_true(dsp_target_lufs(&p.audio) == p.audio.loudness_lufs + 0.45);
	assert_true(rep.true_peak_dbtp <= ceiling + 0.01);
	assert_true(rep.limiter_peak_dbtp <= ceiling + 1e-6);
	assert_true(lim_true_peak(x, n) <= pow(10.0, ceiling / 20.0));
	if (p.audio.lra_max_lu > 0)
		assert_true(rep.lra_lu <= p.audio.lra_max_lu);
	free(x);
}

static void test_chain_per_profile(void **state)
{
	(void)state;
	check_profile_chain("commute", 22050);
	check_profile_chain("rider", 22050);
	check_profile_chain("station", 22050);
}

static void test_chain_deterministic_and_aligned(void **state)
{
	struct profile p;
	size_t n;
	float *a = speechlike(22050, 20.0, 0.9, &n), *b = alloc_pcm(n);
	size_t first = 0;

	(void)state;
	load_profile("rider", &p);
	while (a[first] == 0.0f)
		first++;
	memcpy(b, a, n * sizeof(*a));
	assert_int_equal(dsp_process_piece(&p.audio, a, n, 22050, NULL, NULL), 0);
	assert_int_equal(dsp_process_piece(&p.audio, b, n, 22050, NULL, NULL), 0);
	assert_memory_equal(a, b, n * sizeof(*a));
	/* No shift: silence before the first sound stays silent (causal filters). */
	for (size_t i = 0; i < first; i++)
		assert_true(a[i] == 0.0f);
	assert_true(a[first] != 0.0f);
	free(a);
	free(b);
}

static void test_chain_silence_and_errors(void **state)
{
	struct profile p;
	struct dsp_report rep;
	struct tb_err err = {0};
	float *x = alloc_pcm(22050);

	(void)state;
	prof_defaults(&p);
	assert_int_equal(dsp_process_piece(&p.audio, x, 22050, 22050, &rep, &err), 0);
	assert_int_equal(rep.silent, 1);
	assert_true(rep.gain_db == 0.0);
	for (size_t i = 0; i < 22050; i++)
		assert_true(x[i] == 0.0f);
	/* A low-pass the synthesis rate cannot carry. */
	p.audio.lowpass_hz = 7000;
	assert_int_equal(dsp_process_piece(&p.audio, x, 22050, 11025, &rep, &err), TB_E_USAGE);
	assert_non_null(strstr(err.msg, "lowpass_hz"));
	free(x);
}

/* The two-lane filter path of long buffers matches the one-lane path run in
 * pieces (which continues the state exactly) to float resolution. */
static void test_biquad_lanes_match_serial(void **state)
{
	const unsigned rate = 22050;
	size_t n;
	float *a = speechlike(rate, 20.0, 0.7, &n), *b = malloc(n * sizeof(float));
	int orders[][2] = {{1, 0}, {1, 1}, {0, 1}};

	(void)state;
	assert_non_null(b);
	for (size_t t = 0; t < sizeof(orders) / sizeof(orders[0]); t++) {
		struct bq_chain c1 = {.n = 0}, c2 = {.n = 0};
		double worst = 0.0;

		memcpy(b, a, n * sizeof(float));
		if (orders[t][0]) {
			assert_int_equal(bq_chain_add_butterworth(&c1, BQ_HIGHPASS, 4, rate, 20.0),
			                 0);
			assert_int_equal(bq_chain_add_butterworth(&c2, BQ_HIGHPASS, 4, rate, 20.0),
			                 0);
		}
		if (orders[t][1]) {
			assert_int_equal(bq_chain_add_butterworth(&c1, BQ_LOWPASS, 4, rate, 7000.0),
			                 0);
			assert_int_equal(bq_chain_add_butterworth(&c2, BQ_LOWPASS, 4, rate, 7000.0),
			                 0);
		}
		{
			float *x = alloc_pcm(n);

			memcpy(x, a, n * sizeof(float));
			bq_chain_run(&c1, x, n);                   /* long: lanes */
			for (size_t off = 0; off < n; off += 4000) /* short: one lane */
				bq_chain_run(&c2, b + off, n - off < 4000 ? n - off : 4000);
			for (size_t i = 0; i < n; i++) {
				double d = fabs((double)x[i] - b[i]);

				worst = d > worst ? d : worst;
			}
			free(x);
		}
		assert_true(worst <= 1e-6);
		memcpy(b, a, n * sizeof(float));
	}
	free(a);
	free(b);
}

static void test_vec_kernels(void **state)
{
	float x[203], y[203], z[203], g[27];
	double pw = 0.0, ref = 0.0;

	(void)state;
	for (int i = 0; i < 203; i++)
		x[i] = (float)sin(i * 0.37) * (i == 150 ? 3.0f : 1.0f) *
		       (i % 7 == 0 ? -1.0f : 1.0f);
	assert_true(vec_abs_max(x, 203) == fabsf(x[150]));
	assert_true(vec_abs_max(x, 0) == 0.0f);
	assert_true(vec_abs_max_power(x, 203, &pw) == fabsf(x[150]));
	for (int i = 0; i < 203; i++)
		ref += (double)x[i] * x[i];
	assert_true(fabs(pw - ref) < 1e-5 * ref);
	{
		float bm[13];

		vec_block_abs_max(x, 203, 16, bm);
		for (int b = 0; b < 13; b++) {
			float m = 0.0f;

			for (int i = b * 16; i < 203 && i < (b + 1) * 16; i++)
				m = fabsf(x[i]) > m ? fabsf(x[i]) : m;
			assert_true(bm[b] == m);
		}
	}
	{
		float bm[13], bm2[13];
		double pw2[7], tot = 0.0;

		vec_block_abs_max(x, 203, 16, bm);
		vec_block_max_power(x, 203, 16, 2, bm2, pw2);
		for (int b = 0; b < 13; b++)
			assert_true(bm2[b] == bm[b]);
		for (int q = 0; q < 7; q++) {
			double r = 0.0;

			for (int i = q * 32; i < 203 && i < (q + 1) * 32; i++)
				r += (double)x[i] * x[i];
			assert_true(fabs(pw2[q] - r) <= 1e-5 * (r + 1e-9));
			tot += pw2[q];
		}
		assert_true(fabs(tot - ref) < 1e-5 * ref);
	}
	vec_scale_copy(y, x, 203, 0.3f);
	memcpy(z, x, sizeof(z));
	vec_scale(z, 203, 0.3f);
	for (int i = 0; i < 203; i++)
		assert_true(y[i] == x[i] * 0.3f && z[i] == y[i]);
	/* The envelope: chunks whose both ends are >= 1 stay untouched. */
	for (int k = 0; k < 27; k++)
		g[k] = k >= 10 && k < 14 ? 0.5f + 0.1f * (float)(k - 10) : 1.0f;
	memcpy(y, x, sizeof(y));
	vec_envelope_mul(y, 203, g, 27, 8);
	for (int i = 0; i < 203; i++) {
		size_t k = (size_t)i / 8;
		float e0 = g[k], step = (g[k + 1] - g[k]) / 8.0f, want = x[i];

		if (!(e0 >= 1.0f && g[k + 1] >= 1.0f))
			want = x[i] * (e0 + step * (float)(i % 8));
		assert_true(y[i] == want);
	}
}

/* Kept sub-block energies give the fast meter's numbers, and updating a
 * stretch after a change matches measuring again. */
static void test_loudness_blocks(void **state)
{
	const unsigned rate = 22050;
	size_t n;
	float *x = speechlike(rate, 30.0, 0.7, &n);
	struct loud_blocks lb = {0};
	struct loud_result f;
	double before;

	(void)state;
	assert_int_equal(loud_fast_measure_piece(x, n, rate, LOUD_I | LOUD_LRA, &f, NULL), 0);
	assert_int_equal(loud_blocks_measure(&lb, x, n, rate, NULL), 0);
	assert_true(loud_blocks_integrated(&lb) == f.integrated_lufs);
	assert_true(loud_blocks_lra(&lb) == f.lra_lu);
	assert_true(loud_energies_integrated(lb.e, lb.nsub, lb.sub) == f.integrated_lufs);
	before = loud_blocks_integrated(&lb);
	/* Halve sub-blocks 100..119 and update only them (and the next). */
	for (size_t i = 100 * lb.sub; i < 120 * lb.sub; i++)
		x[i] *= 0.5f;
	loud_blocks_update(&lb, x, n, rate, 100, 120);
	assert_int_equal(loud_fast_measure_piece(x, n, rate, LOUD_I, &f, NULL), 0);
	assert_true(fabs(loud_blocks_integrated(&lb) - f.integrated_lufs) < 1e-6);
	assert_true(loud_blocks_integrated(&lb) < before);
	loud_blocks_release(&lb);
	free(x);
}

/* The limiter's loudness prediction: no effect where nothing reaches the
 * ceiling, an effect below 1 where it does, and the chain's first guess from
 * it lands close to the target. */
static void test_limiter_prediction(void **state)
{
	const unsigned rate = 22050, sub = 2205;
	size_t n, nsub;
	float *x = speechlike(rate, 20.0, 0.7, &n);
	struct lim_cfg lc = {-2.0, 5.0, 100.0};
	struct lim_cache cache = {0};
	double *ratio, lo = 1.0;

	(void)state;
	nsub = n / sub;
	ratio = malloc(nsub * sizeof(*ratio));
	assert_non_null(ratio);
	assert_int_equal(lim_predict(&lc, x, n, rate, -30.0, &cache, sub, ratio, nsub, NULL), 0);
	for (size_t j = 0; j < nsub; j++)
		assert_true(ratio[j] == 1.0);
	lim_cache_release(&cache);
	assert_int_equal(lim_predict(&lc, x, n, rate, 12.0, &cache, sub, ratio, nsub, NULL), 0);
	for (size_t j = 0; j < nsub; j++) {
		assert_true(ratio[j] > 0.0 && ratio[j] <= 1.0);
		lo = ratio[j] < lo ? ratio[j] : lo;
	}
	assert_true(lo < 0.9);
	lim_cache_release(&cache);
	free(ratio);
	free(x);
}

#if defined(__SSE2__)
#include <xmmintrin.h>
#endif

/* The chain flushes denormals while it works and restores the caller's
 * floating-point mode. */
static void test_chain_restores_fp_mode(void **state)
{
	struct profile p;
	size_t n;
	float *x = speechlike(22050, 5.0, 0.7, &n);

	(void)state;
	load_profile("rider", &p);
#if defined(__SSE2__)
	{
		unsigned before = _mm_getcsr();

		assert_int_equal(dsp_process_piece(&p.audio, x, n, 22050, NULL, NULL), 0);
		assert_int_equal(_mm_getcsr(), before);
	}
#else
	assert_int_equal(dsp_process_piece(&p.audio, x, n, 22050, NULL, NULL), 0);
#endif
	free(x);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_biquad_butterworth_responses),
	        cmocka_unit_test(test_loudness_tech3341),
	        cmocka_unit_test(test_loudness_tech3342_lra),
	        cmocka_unit_test(test_loudness_pieces_and_peaks),
	        cmocka_unit_test(test_compressor_curve),
	        cmocka_unit_test(test_compressor_steady_state),
	        cmocka_unit_test(test_compressor_brings_lra_under_limit),
	        cmocka_unit_test(test_chain_per_profile),
	        cmocka_unit_test(test_chain_deterministic_and_aligned),
	        cmocka_unit_test(test_chain_silence_and_errors),
	        cmocka_unit_test(test_biquad_lanes_match_serial),
	        cmocka_unit_test(test_vec_kernels),
	        cmocka_unit_test(test_loudness_blocks),
	        cmocka_unit_test(test_limiter_prediction),
	        cmocka_unit_test(test_chain_restores_fp_mode),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
