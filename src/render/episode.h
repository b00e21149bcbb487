/*
 * episode — renders one section of a prepared document into one audio file:
 * synthesis sentence by sentence, pauses, per-article pieces, encoding, the
 * ID3v2.3 tag with one chapter per article.
 *
 * The speech engine must be open (speech_open) before calling. The section's
 * sample positions (sentences, articles, chapters, nsamples, rate) and its
 * output file name are filled in; the file appears in o->out_dir only when
 * complete (written under a temporary name, then renamed).
 *
 * Memory stays bounded by one article: each article's samples are encoded
 * as soon as it is synthesized. The tag's size does not depend on the times,
 * so its space is reserved first and the final tag written over it at the end.
 */
#ifndef TB_EPISODE_H
#define TB_EPISODE_H

#include "core/err.h"
#include "layout/doc.h"

enum ep_format { EP_MP3, EP_WAV, EP_FLAC };

struct ep_pauses {
	unsigned sentence_ms;
	unsigned paragraph_ms;
	unsigned subhead_ms;
	unsigned article_ms;
};

struct ep_opts {
	const char *out_dir;
	enum ep_format format;
	unsigned mp3_rate;     /* MP3 stream rate (Hz) */
	unsigned bitrate_kbps; /* CBR */
	int mp3_quality;       /* LAME 0..9 */
	struct ep_pauses pause;
	const char *album;  /* TALB: the publication; may be NULL */
	const char *voice;  /* recorded in the tag's encoder line */
};

/* File extension of a format, without the dot. */
const char *ep_format_ext(enum ep_format f);

int ep_render_section(struct doc *d, struct doc_section *s, const struct ep_opts *o,
		      struct tb_err *err);

/* Milliseconds of a sample position at `rate`, rounded to nearest. */
int64_t ep_ms(int64_t samples, unsigned rate);

#endif
