#include "render/meter.h"

#include <ebur128.h>
#include <math.h>
#include <stdlib.h>

#define METER_FLOOR (-99.0)

struct meter {
	ebur128_state *st;
	double true_peak;
};

int meter_open(struct meter **out, unsigned rate, struct tb_err *err)
{
	struct meter *m = calloc(1, sizeof(*m));

	*out = NULL;
	if (!m)
		return err_set(err, TB_E_NOMEM, "out of memory");
	m->st = ebur128_init(1, rate, EBUR128_MODE_I | EBUR128_MODE_LRA);
	if (!m->st || ebur128_set_channel(m->st, 0, EBUR128_DUAL_MONO) != EBUR128_SUCCESS) {
		meter_close(m);
		return err_set(err, TB_E_NOMEM, "cannot start the loudness meter");
	}
	m->true_peak = METER_FLOOR;
	*out = m;
	return 0;
}

int meter_add(struct meter *m, const float *pcm, size_t n, double piece_true_peak_dbtp,
	      struct tb_err *err)
{
	if (n && ebur128_add_frames_float(m->st, pcm, n) != EBUR128_SUCCESS)
		return err_set(err, TB_E_NOMEM, "the loudness meter failed");
	if (piece_true_peak_dbtp > m->true_peak)
		m->true_peak = piece_true_peak_dbtp;
	return 0;
}

static double floor_of(double v)
{
	return isfinite(v) && v > METER_FLOOR ? v : METER_FLOOR;
}

void meter_result(struct meter *m, double *lufs, double *lra_lu, double *true_peak_dbtp)
{
	double i = -HUGE_VAL, r = 0;

	if (ebur128_loudness_global(m->st, &i) != EBUR128_SUCCESS)
		i = -HUGE_VAL;
	if (ebur128_loudness_range(m->st, &r) != EBUR128_SUCCESS || !isfinite(r))
		r = 0;
	*lufs = floor_of(i);
	*lra_lu = r;
	*true_peak_dbtp = m->true_peak;
}

void meter_close(struct meter *m)
{
	if (!m)
		return;
	if (m->st)
		ebur128_destroy(&m->st);
	free(m);
}
