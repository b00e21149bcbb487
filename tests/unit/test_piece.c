/* Unit tests of render/piece: a rendered piece's results go through bytes (from the
 * process that rendered it, and from the cache) and come back whole, or not at all. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "render/meter.h"
#include "render/piece.h"

#include <string.h>

/* A planned piece of `nops` operations, nothing rendered yet. */
static void planned(struct piece *p, size_t nops)
{
	size_t i;
	int m;

	memset(p, 0, sizeof(*p));
	buf_init(&p->ops, 0);
	buf_init(&p->pcm, 0);
	buf_init(&p->mp3, 0);
	buf_init(&p->loudness, 0);
	for (i = 0; i < nops; i++) {
		struct piece_op *op = VEC_PUSH(&p->ops, struct piece_op);

		assert_non_null(op);
		op->kind = PIECE_SILENCE;
		op->start = op->end = -1;
	}
	for (m = 0; m < MARK_COUNT; m++)
		p->marks[m] = -1;
}

/* The same piece, rendered: positions, marks, loudness and MP3 bytes. */
static void rendered(struct piece *p, size_t nops)
{
	size_t i;

	planned(p, nops);
	p->nsamples = 22050;
	p->length = 22464;
	p->enc.frames = 39;
	p->enc.padding = 100;
	p->enc.length = 22464;
	p->marks[MARK_SOUND_START] = 100;
	p->marks[MARK_ARTICLE_END] = 22000;
	p->report.true_peak_dbtp = -2.5;
	for (i = 0; i < nops; i++) {
		VEC_AT(&p->ops, struct piece_op, i).start = (int64_t)i * 10;
		VEC_AT(&p->ops, struct piece_op, i).end = (int64_t)i * 10 + 5;
	}
	assert_non_null(VEC_PUSH(&p->loudness, struct meter_block));
	assert_int_equal(buf_add(&p->mp3,
	                         "\xFF\xF3"
	                         "frames",
	                         8),
	                 0);
}

static void assert_untouched(const struct piece *p)
{
	size_t i;
	int m;

	assert_int_equal(p->nsamples, 0);
	assert_int_equal(p->length, 0);
	for (m = 0; m < MARK_COUNT; m++)
		assert_int_equal(p->marks[m], -1);
	for (i = 0; i < VEC_LEN(&p->ops, struct piece_op); i++)
		assert_int_equal(VEC_AT(&p->ops, struct piece_op, i).start, -1);
	assert_int_equal(p->mp3.len, 0);
	assert_int_equal(p->loudness.len, 0);
}

static void test_results_round_trip(void **state)
{
	struct piece a, b;
	struct buf bytes = BUF_INIT;

	(void)state;
	rendered(&a, 3);
	assert_int_equal(piece_serialize(&a, &bytes), 0);
	planned(&b, 3);
	assert_int_equal(piece_deserialize(&b, (const unsigned char *)bytes.data, bytes.len), 0);
	assert_int_equal(b.nsamples, 22050);
	assert_int_equal(b.marks[MARK_SOUND_START], 100);
	assert_int_equal(VEC_AT(&b.ops, struct piece_op, 2).end, 25);
	assert_int_equal(b.mp3.len, 8);
	assert_int_equal(VEC_LEN(&b.loudness, struct meter_block), 1);
	piece_release(&a);
	piece_release(&b);
	buf_release(&bytes);
}

/* Results that do not fit the plan (another piece's), are cut short, or hold positions
 * outside the piece are refused, and leave nothing of themselves in the piece: a fresh
 * render of it must start from its plan, not from another piece's marks. */
static void test_bad_results_leave_the_piece_as_planned(void **state)
{
	struct piece a, b;
	struct buf bytes = BUF_INIT;
	size_t cut;

	(void)state;
	rendered(&a, 4);
	assert_int_equal(piece_serialize(&a, &bytes), 0);
	planned(&b, 3); /* another plan: 3 operations, not 4 */
	assert_int_equal(piece_deserialize(&b, (const unsigned char *)bytes.data, bytes.len), -1);
	assert_untouched(&b);
	piece_release(&b);
	for (cut = 0; cut < bytes.len; cut += 7) {
		planned(&b, 4);
		assert_int_equal(piece_deserialize(&b, (const unsigned char *)bytes.data, cut), -1);
		assert_untouched(&b);
		piece_release(&b);
	}
	piece_release(&a);
	buf_release(&bytes);
	/* A mark past the end of the piece. */
	rendered(&a, 2);
	a.marks[MARK_ARTICLE_END] = a.nsamples + 1;
	assert_int_equal(piece_serialize(&a, &bytes), 0);
	planned(&b, 2);
	assert_int_equal(piece_deserialize(&b, (const unsigned char *)bytes.data, bytes.len), -1);
	assert_untouched(&b);
	piece_release(&a);
	piece_release(&b);
	buf_release(&bytes);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_results_round_trip),
	        cmocka_unit_test(test_bad_results_leave_the_piece_as_planned),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
