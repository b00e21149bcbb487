/*
 * mp3 — the only module that includes <lame/lame.h>.
 *
 * Pieces: mp3_encode_piece() encodes a stretch of samples (an article) as a
 * stream of its own, without an info frame. Streams of the same settings can
 * be joined by concatenating their frames: every piece starts with an empty
 * bit reservoir, and each begins and ends in silence, where the decoder's
 * overlap between the two is silent too. In the joined stream, piece k's
 * first sample plays at sum over earlier pieces of (frames * samples per
 * frame), counted in input samples. mp3_info_frame() then writes the one info
 * frame of the joined stream (frame count, bytes, seek table, encoder delay
 * and padding, CRCs) from LAME's own template.
 *
 * The encoder is deterministic: the same samples and settings give the same
 * bytes.
 */
#ifndef TB_MP3_H
#define TB_MP3_H

#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

struct mp3_settings {
	unsigned in_rate;      /* rate of the samples given to the encoder */
	unsigned out_rate;     /* rate of the MP3 stream (LAME resamples when different) */
	unsigned bitrate_kbps; /* CBR bitrate */
	int quality;           /* LAME's algorithm quality, 0 (best, slowest) .. 9 */
};

/* An encoded piece: its MP3 frames and what joining needs to know. */
struct mp3_piece {
	uint32_t frames;  /* audio frames */
	uint32_t padding; /* encoder padding at the end, in output samples */
	uint64_t length;  /* frames * samples per frame, in input samples: the piece's
	                   * length in the joined stream's timeline */
};

/* Encodes `n` samples as one stream and appends its frames to `out`. The settings must
 * have in_rate * 576 divisible by out_rate (so frames map to whole input samples). */
int mp3_encode_piece(const struct mp3_settings *s, const float *pcm, size_t n, struct buf *out,
                     struct mp3_piece *piece, struct tb_err *err);

/* What the info frame of a joined stream says about it. */
struct mp3_joined {
	uint32_t frames;              /* audio frames of all pieces */
	uint64_t audio_bytes;         /* bytes of all pieces' frames */
	uint16_t music_crc;           /* mp3_crc16 over those bytes, in order */
	uint32_t padding;             /* the last piece's padding */
	const uint64_t *piece_bytes;  /* cumulative bytes after each piece, for the seek table */
	const uint32_t *piece_frames; /* cumulative frames after each piece */
	size_t npieces;
};

/* Appends the info frame (one silent frame that precedes the audio) to `out`. */
int mp3_info_frame(const struct mp3_settings *s, const struct mp3_joined *j, struct buf *out,
                   struct tb_err *err);

/* CRC-16 as LAME's info tag uses it (polynomial 0x8005, reflected, starting at `crc`). */
uint16_t mp3_crc16(uint16_t crc, const void *data, size_t n);

/* Writes "LAME 3.100" (the linked version), for manifests and the TSSE frame. */
void mp3_encoder_name(char *out, size_t size);

#endif
