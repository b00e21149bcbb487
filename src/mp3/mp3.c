#include "mp3/mp3.h"

#include "core/buf.h"

#include <errno.h>
#include <lame/lame.h>
#include <stdlib.h>
#include <string.h>

struct mp3_enc {
	lame_global_flags *gf;
	FILE *f;
	long audio_start;
	struct buf out; /* encoded bytes waiting to be written */
};

/* LAME reports through callbacks that print by default; we report through errors instead. */
static void quiet(const char *fmt, va_list ap)
{
	(void)fmt;
	(void)ap;
}

int mp3_open(struct mp3_enc **out, const struct mp3_settings *s, FILE *f, struct tb_err *err)
{
	struct mp3_enc *enc = calloc(1, sizeof(*enc));

	*out = NULL;
	if (!enc)
		return err_set(err, TB_E_NOMEM, "out of memory");
	buf_init(&enc->out, 0);
	enc->f = f;
	enc->audio_start = ftell(f);
	enc->gf = lame_init();
	if (!enc->gf || enc->audio_start < 0) {
		mp3_close(enc);
		return err_set(err, TB_E_ENGINE, "cannot start the MP3 encoder");
	}
	lame_set_errorf(enc->gf, quiet);
	lame_set_debugf(enc->gf, quiet);
	lame_set_msgf(enc->gf, quiet);
	lame_set_num_channels(enc->gf, 1);
	lame_set_mode(enc->gf, MONO);
	lame_set_in_samplerate(enc->gf, (int)s->in_rate);
	lame_set_out_samplerate(enc->gf, (int)s->out_rate);
	lame_set_VBR(enc->gf, vbr_off);
	lame_set_brate(enc->gf, (int)s->bitrate_kbps);
	lame_set_quality(enc->gf, s->quality);
	lame_set_bWriteVbrTag(enc->gf, 1);
	lame_set_write_id3tag_automatic(enc->gf, 0);
	if (lame_init_params(enc->gf) < 0) {
		mp3_close(enc);
		return err_set(err, TB_E_ENGINE,
			       "the MP3 encoder refused %u Hz → %u Hz at %u kbps (quality %d)",
			       s->in_rate, s->out_rate, s->bitrate_kbps, s->quality);
	}
	*out = enc;
	return 0;
}

static int write_out(struct mp3_enc *enc, size_t n, struct tb_err *err)
{
	if (n && fwrite(enc->out.data, 1, n, enc->f) != n)
		return err_set(err, TB_E_IO, "cannot write MP3 data: %s", strerror(errno));
	return 0;
}

int mp3_write(struct mp3_enc *enc, const float *pcm, size_t n, struct tb_err *err)
{
	/* LAME's worst case for a block: 1.25 * samples + 7200 bytes. */
	const size_t block = 65536;

	while (n > 0) {
		size_t take = n < block ? n : block;
		size_t cap = take + take / 4 + 7200;
		int got;

		buf_reset(&enc->out);
		if (buf_grow(&enc->out, cap))
			return err_set(err, TB_E_NOMEM, "out of memory");
		got = lame_encode_buffer_ieee_float(enc->gf, pcm, pcm, (int)take,
						    (unsigned char *)enc->out.data, (int)cap);
		if (got < 0)
			return err_set(err, TB_E_ENGINE, "MP3 encoding failed (LAME error %d)", got);
		if (write_out(enc, (size_t)got, err))
			return err->code;
		pcm += take;
		n -= take;
	}
	return 0;
}

int mp3_finish(struct mp3_enc *enc, struct tb_err *err)
{
	size_t tag_len;
	int got;

	buf_reset(&enc->out);
	if (buf_grow(&enc->out, 7200))
		return err_set(err, TB_E_NOMEM, "out of memory");
	got = lame_encode_flush(enc->gf, (unsigned char *)enc->out.data, 7200);
	if (got < 0)
		return err_set(err, TB_E_ENGINE, "MP3 encoder flush failed (LAME error %d)", got);
	if (write_out(enc, (size_t)got, err))
		return err->code;
	tag_len = lame_get_lametag_frame(enc->gf, NULL, 0);
	if (tag_len == 0)
		return err_set(err, TB_E_ENGINE,
			       "LAME wrote no info frame (bitrate too low for this sample rate?)");
	if (buf_grow(&enc->out, tag_len))
		return err_set(err, TB_E_NOMEM, "out of memory");
	if (lame_get_lametag_frame(enc->gf, (unsigned char *)enc->out.data, tag_len) != tag_len)
		return err_set(err, TB_E_ENGINE, "LAME info frame changed size");
	if (fseek(enc->f, enc->audio_start, SEEK_SET) != 0 || write_out(enc, tag_len, err) ||
	    fseek(enc->f, 0, SEEK_END) != 0)
		return err->code ? err->code
				 : err_set(err, TB_E_IO, "cannot rewrite the MP3 info frame: %s",
					   strerror(errno));
	return 0;
}

void mp3_close(struct mp3_enc *enc)
{
	if (!enc)
		return;
	if (enc->gf)
		lame_close(enc->gf);
	buf_release(&enc->out);
	free(enc);
}

void mp3_encoder_name(char *out, size_t size)
{
	snprintf(out, size, "LAME %s", get_lame_version());
}
