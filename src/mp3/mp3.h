/*
 * mp3 — the only module that includes <lame/lame.h>.
 *
 * An encoder streams mono float samples into MP3 frames written to a FILE
 * that the caller owns and has positioned where the audio begins (after the
 * space reserved for the ID3 tag). mp3_finish() flushes the encoder and
 * rewrites the first frame with LAME's info tag (Xing/"Info" frame with the
 * encoder delay and padding), so players know the exact duration, can play
 * gaplessly and seek; the file position is left at the end.
 *
 * The encoder is deterministic: the same samples and settings give the same
 * bytes.
 */
#ifndef TB_MP3_H
#define TB_MP3_H

#include "core/err.h"

#include <stdint.h>
#include <stdio.h>

struct mp3_settings {
	unsigned in_rate;     /* rate of the samples given to mp3_write */
	unsigned out_rate;    /* rate of the MP3 stream (LAME resamples when different) */
	unsigned bitrate_kbps;/* CBR bitrate */
	int quality;          /* LAME's algorithm quality, 0 (best, slowest) .. 9 */
};

struct mp3_enc;

int mp3_open(struct mp3_enc **out, const struct mp3_settings *s, FILE *f, struct tb_err *err);
/* Encodes n mono samples (nominal range -1..1). */
int mp3_write(struct mp3_enc *enc, const float *pcm, size_t n, struct tb_err *err);
int mp3_finish(struct mp3_enc *enc, struct tb_err *err);
void mp3_close(struct mp3_enc *enc);

/* Writes "LAME 3.100" (the linked version), for manifests and the TSSE frame. */
void mp3_encoder_name(char *out, size_t size);

#endif
