/* Unit tests for the MP3 pieces and the joined stream's info frame (src/mp3/mp3.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "mp3/mp3.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void test_crc16_is_lames(void **state)
{
	(void)state;
	/* CRC-16/ARC check value */
	assert_int_equal(mp3_crc16(0, "123456789", 9), 0xBB3D);
	/* streaming gives the same as one call */
	assert_int_equal(mp3_crc16(mp3_crc16(0, "1234", 4), "56789", 5), 0xBB3D);
}

/* A tone between silences, the way pieces begin and end. */
static float *tone(size_t n)
{
	float *x = calloc(n, sizeof(*x));
	size_t i;

	for (i = n / 4; i < 3 * n / 4; i++)
		x[i] = 0.3f * (float)sin(2 * 3.14159265358979 * 440.0 * (double)i / 22050.0);
	return x;
}

/* The info frame counts the stream's bytes in 32 bits: past 4 GiB it would wrap and
 * players would seek wrongly; such a stream is refused with a clear error instead. */
static void test_info_frame_refuses_streams_past_4_gib(void **state)
{
	struct mp3_settings s = {22050, 22050, 64, 5};
	uint64_t bytes[1] = {(uint64_t)5 << 30};
	uint32_t frames[1] = {1000};
	struct mp3_joined j = {1000, bytes[0], 0, 0, bytes, frames, 1};
	struct buf info = BUF_INIT;
	struct tb_err err;

	(void)state;
	assert_int_equal(mp3_info_frame(&s, &j, &info, &err), TB_E_LIMIT);
	assert_non_null(strstr(err.msg, "4 GiB"));
	assert_int_equal(info.len, 0);
	buf_release(&info);
}

static void test_pieces_and_info_frame(void **state)
{
	struct mp3_settings s = {22050, 22050, 64, 5};
	struct mp3_piece a, b;
	struct buf frames = BUF_INIT, info = BUF_INIT;
	struct tb_err err;
	uint64_t bytes[2];
	uint32_t nframes[2];
	float *x = tone(22050);
	size_t at;

	(void)state;
	assert_int_equal(mp3_encode_piece(&s, x, 22050, &frames, &a, &err), 0);
	bytes[0] = frames.len;
	assert_int_equal(mp3_encode_piece(&s, x, 11025, &frames, &b, &err), 0);
	bytes[1] = frames.len;
	/* a piece's length on the timeline covers its samples, the encoder delay (576) and padding
	 */
	assert_int_equal(a.length, (uint64_t)a.frames * 576);
	assert_true(a.length >= 22050 + 576 + 529);
	assert_int_equal(a.length, 576 + 22050 + a.padding);
	nframes[0] = a.frames;
	nframes[1] = a.frames + b.frames;
	{
		struct mp3_joined j = {nframes[1], bytes[1], mp3_crc16(0, frames.data, frames.len),
		                       b.padding,  bytes,    nframes,
		                       2};

		assert_int_equal(mp3_info_frame(&s, &j, &info, &err), 0);
	}
	/* MPEG-2 layer III, 64 kbps, 22050 Hz, mono: side information is 9 bytes */
	assert_int_equal((unsigned char)info.data[0], 0xFF);
	at = 4 + 9;
	assert_memory_equal(info.data + at, "Info", 4);
	assert_int_equal(be32((unsigned char *)info.data + at + 8), nframes[1]);
	assert_int_equal(be32((unsigned char *)info.data + at + 12), info.len + frames.len);
	/* the seek table rises and starts at 0 */
	assert_int_equal((unsigned char)info.data[at + 16], 0);
	assert_true((unsigned char)info.data[at + 16 + 99] >
	            (unsigned char)info.data[at + 16 + 50]);
	/* LAME extension: the delay stays 576, the padding is the last piece's */
	{
		const unsigned char *d = (const unsigned char *)info.data + at + 141;

		assert_int_equal((d[0] << 4) | (d[1] >> 4), 576);
		assert_int_equal(((d[1] & 15) << 8) | d[2], b.padding);
	}
	/* music CRC and the frame's own CRC */
	assert_int_equal(((unsigned char)info.data[at + 152] << 8) |
	                         (unsigned char)info.data[at + 153],
	                 mp3_crc16(0, frames.data, frames.len));
	assert_int_equal(((unsigned char)info.data[at + 154] << 8) |
	                         (unsigned char)info.data[at + 155],
	                 mp3_crc16(0, info.data, at + 154));
	free(x);
	buf_release(&frames);
	buf_release(&info);
}

static void test_same_samples_same_bytes(void **state)
{
	struct mp3_settings s = {22050, 22050, 64, 3};
	struct buf one = BUF_INIT, two = BUF_INIT;
	struct mp3_piece p;
	struct tb_err err;
	float *x = tone(30000);

	(void)state;
	assert_int_equal(mp3_encode_piece(&s, x, 30000, &one, &p, &err), 0);
	assert_int_equal(mp3_encode_piece(&s, x, 30000, &two, &p, &err), 0);
	assert_int_equal(one.len, two.len);
	assert_memory_equal(one.data, two.data, one.len);
	free(x);
	buf_release(&one);
	buf_release(&two);
}

static void test_rates_that_cannot_join(void **state)
{
	struct mp3_settings s = {22050, 32000, 64, 5};
	struct buf out = BUF_INIT;
	struct mp3_piece p;
	struct tb_err err;
	float x[64] = {0};

	(void)state;
	assert_int_equal(mp3_encode_piece(&s, x, 64, &out, &p, &err), TB_E_USAGE);
	assert_int_equal(out.len, 0);
	buf_release(&out);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_crc16_is_lames),
	        cmocka_unit_test(test_pieces_and_info_frame),
	        cmocka_unit_test(test_info_frame_refuses_streams_past_4_gib),
	        cmocka_unit_test(test_same_samples_same_bytes),
	        cmocka_unit_test(test_rates_that_cannot_join),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
