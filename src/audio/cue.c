#include "audio/cue.h"

#include <math.h>
#include <sndfile.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define ZC          16  /* zero crossings on each side of the kernel */
#define STEPS       512 /* table entries per zero crossing */
#define KAISER_BETA 8.6
#define CUTOFF      0.95

static void scale_peak(float *x, size_t n, double peak_dbfs)
{
	float m = 0.0f, g;

	for (size_t i = 0; i < n; i++)
		if (fabsf(x[i]) > m)
			m = fabsf(x[i]);
	if (m <= 0.0f)
		return;
	g = (float)(pow(10.0, peak_dbfs / 20.0) / m);
	for (size_t i = 0; i < n; i++)
		x[i] *= g;
}

/* Adds one decaying note with an octave partial starting at sample `start`. */
static void add_note(float *x, size_t n, unsigned rate, size_t start, size_t len, double freq,
                     double decay_ms)
{
	double w1 = 2.0 * M_PI * freq / rate, w2 = 2.0 * w1;
	double c1 = cos(w1), s1 = sin(w1), c2 = cos(w2), s2 = sin(w2);
	double re1 = 1.0, im1 = 0.0, re2 = 1.0, im2 = 0.0; /* phasors e^{j w k} */
	double dk = exp(-1000.0 / (decay_ms * rate)), amp = 1.0;
	size_t att = rate * 5 / 1000, fade = rate * 10 / 1000;

	for (size_t k = 0; k < len && start + k < n; k++) {
		double env = amp, t;

		if (k < att)
			env *= 0.5 - 0.5 * cos(M_PI * (double)k / att);
		if (k + fade >= len)
			env *= 0.5 - 0.5 * cos(M_PI * (double)(len - 1 - k) / fade);
		x[start + k] += (float)(env * (im1 + 0.25 * im2));
		t = re1 * c1 - im1 * s1;
		im1 = re1 * s1 + im1 * c1;
		re1 = t;
		t = re2 * c2 - im2 * s2;
		im2 = re2 * s2 + im2 * c2;
		re2 = t;
		amp *= dk;
		/* Renormalize now and then so rounding cannot grow the phasors. */
		if ((k & 1023) == 1023) {
			double m1 = 1.0 / sqrt(re1 * re1 + im1 * im1);
			double m2 = 1.0 / sqrt(re2 * re2 + im2 * im2);

			re1 *= m1, im1 *= m1, re2 *= m2, im2 *= m2;
		}
	}
}

int cue_chime(unsigned rate, double peak_dbfs, float **out, size_t *n, struct tb_err *err)
{
	size_t total = (size_t)rate * CUE_CHIME_MS / 1000;
	size_t second = (size_t)rate * 120 / 1000;
	float *x;

	*out = NULL;
	*n = 0;
	if (rate < 8000 || rate > 192000)
		return err_set(err, TB_E_USAGE, "chime: unsupported sample rate %u", rate);
	x = calloc(total, sizeof(*x));
	if (!x)
		return err_set(err, TB_E_NOMEM, "chime: out of memory");
	add_note(x, total, rate, 0, (size_t)rate * 150 / 1000, 880.0, 60.0);
	add_note(x, total, rate, second, total - second, 1320.0, 80.0);
	scale_peak(x, total, peak_dbfs);
	*out = x;
	*n = total;
	return 0;
}

static double bessel_i0(double x)
{
	double sum = 1.0, term = 1.0;

	for (int k = 1; k < 60; k++) {
		term *= (x / (2.0 * k)) * (x / (2.0 * k));
		sum += term;
		if (term < sum * 1e-17)
			break;
	}
	return sum;
}

/* table[i] = kernel(i / STEPS), for 0 <= i <= ZC * STEPS (+1 guard entry). */
static float *make_kernel(void)
{
	size_t len = (size_t)ZC * STEPS + 2;
	float *t = malloc(len * sizeof(*t));
	double i0b = bessel_i0(KAISER_BETA);

	if (!t)
		return NULL;
	for (size_t i = 0; i < len; i++) {
		double u = (double)i / STEPS, r = u / ZC;
		double w = r < 1.0 ? bessel_i0(KAISER_BETA * sqrt(1.0 - r * r)) / i0b : 0.0;
		double s = i == 0 ? 1.0 : sin(M_PI * u) / (M_PI * u);

		t[i] = (float)(s * w);
	}
	return t;
}

static double kernel_at(const float *t, double u)
{
	double pos = fabs(u) * STEPS;
	size_t i = (size_t)pos;
	double f = pos - (double)i;

	if (i >= (size_t)ZC * STEPS)
		return 0.0;
	return t[i] + f * (t[i + 1] - t[i]);
}

int cue_resample(const float *in, size_t n, unsigned in_rate, unsigned out_rate, float **out,
                 size_t *out_n, struct tb_err *err)
{
	double fc, span;
	float *y, *table;
	size_t m_total;

	*out = NULL;
	*out_n = 0;
	if (in_rate == 0 || out_rate == 0)
		return err_set(err, TB_E_USAGE, "resample: sample rate 0");
	m_total = (size_t)(((uint64_t)n * out_rate + in_rate - 1) / in_rate);
	y = malloc((m_total ? m_total : 1) * sizeof(*y));
	if (!y)
		return err_set(err, TB_E_NOMEM, "resample: out of memory");
	if (in_rate == out_rate) {
		memcpy(y, in, n * sizeof(*y));
		*out = y;
		*out_n = n;
		return 0;
	}
	table = make_kernel();
	if (!table) {
		free(y);
		return err_set(err, TB_E_NOMEM, "resample: out of memory");
	}
	/* fc: cutoff relative to the input Nyquist; the kernel is stretched by
	 * 1/fc in input samples when downsampling. */
	fc = CUTOFF * (out_rate < in_rate ? (double)out_rate / in_rate : 1.0);
	span = ZC / fc;
	for (size_t m = 0; m < m_total; m++) {
		uint64_t num = (uint64_t)m * in_rate;
		int64_t base = (int64_t)(num / out_rate);
		double t = (double)base + (double)(num % out_rate) / out_rate;
		int64_t lo = (int64_t)floor(t - span) + 1, hi = (int64_t)floor(t + span);
		double acc = 0.0;

		if (lo < 0)
			lo = 0;
		if (hi > (int64_t)n - 1)
			hi = (int64_t)n - 1;
		for (int64_t k = lo; k <= hi; k++)
			acc += in[k] * kernel_at(table, (t - (double)k) * fc);
		y[m] = (float)(acc * fc);
	}
	free(table);
	*out = y;
	*out_n = m_total;
	return 0;
}

int cue_load_file(const char *path, unsigned rate, double peak_dbfs, float **out, size_t *n,
                  struct tb_err *err)
{
	SF_INFO info;
	SNDFILE *sf;
	float *frames = NULL, *mono = NULL;
	sf_count_t got;
	size_t count;
	int rc = 0, any = 0;

	*out = NULL;
	*n = 0;
	memset(&info, 0, sizeof(info));
	sf = sf_open(path, SFM_READ, &info);
	if (!sf)
		return err_set(err, TB_E_IO, "%s: cannot read sound file: %s", path,
		               sf_strerror(NULL));
	if (info.channels < 1 || info.channels > 8 || info.samplerate < 1000 ||
	    info.samplerate > 384000 || info.frames < 1) {
		rc = err_set(err, TB_E_INPUT, "%s: unsupported sound (%d channels, %d Hz)", path,
		             info.channels, info.samplerate);
		goto out;
	}
	if (info.frames > (sf_count_t)CUE_FILE_MAX_SECONDS * info.samplerate) {
		rc = err_set(err, TB_E_LIMIT, "%s: cue longer than %d s", path,
		             CUE_FILE_MAX_SECONDS);
		goto out;
	}
	count = (size_t)info.frames;
	frames = malloc(count * (size_t)info.channels * sizeof(*frames));
	mono = malloc(count * sizeof(*mono));
	if (!frames || !mono) {
		rc = err_set(err, TB_E_NOMEM, "%s: out of memory", path);
		goto out;
	}
	got = sf_readf_float(sf, frames, info.frames);
	if (got <= 0) {
		rc = err_set(err, TB_E_IO, "%s: read error: %s", path, sf_strerror(sf));
		goto out;
	}
	count = (size_t)got;
	for (size_t i = 0; i < count; i++) {
		double s = 0.0;

		for (int c = 0; c < info.channels; c++)
			s += frames[i * (size_t)info.channels + (size_t)c];
		mono[i] = (float)(s / info.channels);
		any |= mono[i] != 0.0f;
	}
	if (!any) {
		rc = err_set(err, TB_E_INPUT, "%s: the cue sound is silent", path);
		goto out;
	}
	rc = cue_resample(mono, count, (unsigned)info.samplerate, rate, out, n, err);
	if (!rc)
		scale_peak(*out, *n, peak_dbfs);
out:
	free(frames);
	free(mono);
	sf_close(sf);
	return rc;
}

int cue_make(const struct profile *p, unsigned rate, float **out, size_t *n, struct tb_err *err)
{
	*out = NULL;
	*n = 0;
	switch (p->cue) {
	case PROF_CUE_NONE:
		return 0;
	case PROF_CUE_CHIME:
		return cue_chime(rate, p->cue_peak_dbfs, out, n, err);
	case PROF_CUE_FILE:
		return cue_load_file(p->cue_file, rate, p->cue_peak_dbfs, out, n, err);
	}
	return err_set(err, TB_E_USAGE, "unknown cue kind");
}
