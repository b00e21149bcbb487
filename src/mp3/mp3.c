#include "mp3/mp3.h"

#include "core/buf.h"

#include <lame/lame.h>
#include <stdlib.h>
#include <string.h>

/* LAME reports through callbacks that print by default; we report through errors instead. */
static void quiet(const char *fmt, va_list ap)
{
	(void)fmt;
	(void)ap;
}

/* A LAME encoder for the settings; NULL with err set when LAME refuses them. */
static lame_global_flags *start_lame(const struct mp3_settings *s, int info_frame,
                                     struct tb_err *err)
{
	lame_global_flags *gf = lame_init();

	if (!gf) {
		err_set(err, TB_E_NOMEM, "cannot start the MP3 encoder");
		return NULL;
	}
	lame_set_errorf(gf, quiet);
	lame_set_debugf(gf, quiet);
	lame_set_msgf(gf, quiet);
	lame_set_num_channels(gf, 1);
	lame_set_mode(gf, MONO);
	lame_set_in_samplerate(gf, (int)s->in_rate);
	lame_set_out_samplerate(gf, (int)s->out_rate);
	lame_set_VBR(gf, vbr_off);
	lame_set_brate(gf, (int)s->bitrate_kbps);
	lame_set_quality(gf, s->quality);
	lame_set_bWriteVbrTag(gf, info_frame);
	lame_set_write_id3tag_automatic(gf, 0);
	if (lame_init_params(gf) < 0) {
		lame_close(gf);
		err_set(err, TB_E_ENGINE,
		        "the MP3 encoder refused %u Hz → %u Hz at %u kbps (quality %d)", s->in_rate,
		        s->out_rate, s->bitrate_kbps, s->quality);
		return NULL;
	}
	return gf;
}

/* Feeds samples to LAME in blocks, appending what it returns to `out`. */
static int encode_into(lame_global_flags *gf, const float *pcm, size_t n, struct buf *out,
                       struct tb_err *err)
{
	const size_t block = 65536;

	while (n > 0) {
		size_t take = n < block ? n : block;
		/* LAME's worst case for a block: 1.25 * samples + 7200 bytes. */
		size_t cap = take + take / 4 + 7200;
		int got;

		if (buf_grow(out, cap))
			return err_set(err, TB_E_NOMEM, "out of memory");
		got = lame_encode_buffer_ieee_float(
		        gf, pcm, pcm, (int)take, (unsigned char *)out->data + out->len, (int)cap);
		if (got < 0)
			return err_set(err, TB_E_ENGINE, "MP3 encoding failed (LAME error %d)",
			               got);
		out->len += (size_t)got;
		pcm += take;
		n -= take;
	}
	return 0;
}

static int flush_into(lame_global_flags *gf, struct buf *out, struct tb_err *err)
{
	int got;

	if (buf_grow(out, 7200))
		return err_set(err, TB_E_NOMEM, "out of memory");
	got = lame_encode_flush(gf, (unsigned char *)out->data + out->len, 7200);
	if (got < 0)
		return err_set(err, TB_E_ENGINE, "MP3 encoder flush failed (LAME error %d)", got);
	out->len += (size_t)got;
	return 0;
}

/* Output samples per frame: 1152 for MPEG-1 (32 kHz and up), else 576. */
static unsigned samples_per_frame(unsigned out_rate)
{
	return out_rate >= 32000 ? 1152 : 576;
}

int mp3_encode_piece(const struct mp3_settings *s, const float *pcm, size_t n, struct buf *out,
                     struct mp3_piece *piece, struct tb_err *err)
{
	unsigned spf = samples_per_frame(s->out_rate);
	size_t start = out->len;
	lame_global_flags *gf;
	int rc;

	if (((uint64_t)s->in_rate * spf) % s->out_rate)
		return err_set(err, TB_E_USAGE,
		               "MP3 pieces need %u Hz to be a multiple of %u Hz / %u", s->in_rate,
		               s->out_rate, spf);
	gf = start_lame(s, 0, err);
	if (!gf)
		return err->code;
	rc = encode_into(gf, pcm, n, out, err);
	if (!rc)
		rc = flush_into(gf, out, err);
	if (!rc) {
		piece->frames = (uint32_t)lame_get_frameNum(gf);
		piece->padding = (uint32_t)lame_get_encoder_padding(gf);
		piece->length = (uint64_t)piece->frames * spf * s->in_rate / s->out_rate;
	} else {
		buf_truncate(out, start);
	}
	lame_close(gf);
	return rc;
}

uint16_t mp3_crc16(uint16_t crc, const void *data, size_t n)
{
	const unsigned char *p = data;
	size_t i;
	int b;

	for (i = 0; i < n; i++) {
		crc ^= p[i];
		for (b = 0; b < 8; b++)
			crc = (crc & 1) ? (uint16_t)((crc >> 1) ^ 0xA001) : (uint16_t)(crc >> 1);
	}
	return crc;
}

static void put_be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

/* The byte position where `frame` (0-based, audio frames) starts, interpolated in its piece. */
static uint64_t frame_position(const struct mp3_joined *j, uint32_t frame)
{
	uint64_t b0 = 0;
	uint32_t f0 = 0;
	size_t k;

	for (k = 0; k < j->npieces; k++) {
		uint32_t f1 = j->piece_frames[k];
		uint64_t b1 = j->piece_bytes[k];

		if (frame < f1)
			return b0 + (b1 - b0) * (frame - f0) / (f1 - f0);
		b0 = b1;
		f0 = f1;
	}
	return j->audio_bytes;
}

/*
 * LAME's info frame ("Info" for CBR): after the header and side information come
 * flags, frames, bytes, a 100-entry seek table and a quality word, then LAME's
 * extension with the encoder delay and padding, the music length and CRC, and the
 * CRC of the frame itself. We let LAME make one for the same settings and correct
 * the fields that describe the stream.
 */
int mp3_info_frame(const struct mp3_settings *s, const struct mp3_joined *j, struct buf *out,
                   struct tb_err *err)
{
	static const float silence[1152 * 2];
	struct buf scratch = BUF_INIT;
	lame_global_flags *gf;
	unsigned char *f;
	size_t size, at, i;
	uint64_t total;
	int rc;

	/* The info frame counts the file's bytes in 32 bits: a larger stream cannot have one. */
	if (j->audio_bytes > (uint64_t)UINT32_MAX - 65536)
		return err_set(err, TB_E_LIMIT,
		               "an MP3 stream of %llu bytes is too large for its info frame "
		               "(at most 4 GiB)",
		               (unsigned long long)j->audio_bytes);
	gf = start_lame(s, 1, err);
	if (!gf)
		return err->code;
	rc = encode_into(gf, silence, sizeof(silence) / sizeof(silence[0]), &scratch, err);
	if (!rc)
		rc = flush_into(gf, &scratch, err);
	size = rc ? 0 : lame_get_lametag_frame(gf, NULL, 0);
	if (!rc && (size < 200 || !(f = buf_addzero(out, size))))
		rc = err_set(err, TB_E_ENGINE, "LAME made no info frame for these settings");
	if (!rc && lame_get_lametag_frame(gf, f, size) != size)
		rc = err_set(err, TB_E_ENGINE, "LAME's info frame changed size");
	lame_close(gf);
	buf_release(&scratch);
	if (rc)
		return rc;
	/* The tag follows the 4-byte header and the side information. */
	at = 4 + ((f[1] & 0x08) ? 17 : 9);
	if (memcmp(f + at, "Info", 4) && memcmp(f + at, "Xing", 4))
		return err_set(err, TB_E_ENGINE, "LAME's info frame has no Info tag");
	total = size + j->audio_bytes;
	put_be32(f + at + 8, j->frames);
	put_be32(f + at + 12, (uint32_t)total);
	for (i = 0; i < 100; i++) {
		uint64_t pos = i == 0 ? 0
		                      : size + frame_position(j, (uint32_t)((uint64_t)j->frames *
		                                                            i / 100));

		f[at + 16 + i] = (unsigned char)(pos * 256 / total);
	}
	/* LAME extension: delay (12 bits) and padding (12 bits) at +141 from the tag. */
	f[at + 141 + 1] = (unsigned char)((f[at + 141 + 1] & 0xF0) | ((j->padding >> 8) & 0x0F));
	f[at + 141 + 2] = (unsigned char)(j->padding & 0xFF);
	put_be32(f + at + 148, (uint32_t)total);
	f[at + 152] = (unsigned char)(j->music_crc >> 8);
	f[at + 153] = (unsigned char)j->music_crc;
	{
		uint16_t crc = mp3_crc16(0, f, at + 154);

		f[at + 154] = (unsigned char)(crc >> 8);
		f[at + 155] = (unsigned char)crc;
	}
	return 0;
}

void mp3_encoder_name(char *out, size_t size)
{
	snprintf(out, size, "LAME %s", get_lame_version());
}
