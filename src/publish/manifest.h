/*
 * manifest — the document tree as JSON ("tingbao-manifest", version 1): what
 * `plan` prints and what `render` writes next to each episode. Fields may be
 * added in later versions, never renamed.
 *
 * Times are in milliseconds from the start of the episode, derived from
 * sample counts; before rendering (plan) they are null.
 */
#ifndef TB_MANIFEST_H
#define TB_MANIFEST_H

#include "core/buf.h"
#include "layout/doc.h"

struct manifest_encoder {
	const char *name; /* "LAME 3.100" */
	unsigned bitrate_kbps;
	int quality;
	unsigned sample_rate;
	const char *format; /* "mp3", "wav", "flac" */
};

/* Appends a manifest holding sections [first, first + count) of d to out.
 * `enc` may be NULL (plan). 0 or TB_E_NOMEM. */
int manifest_write(struct buf *out, const struct doc *d, size_t first, size_t count,
                   const struct manifest_encoder *enc);

#endif
