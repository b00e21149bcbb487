/*
 * edition — renders the sections of a prepared document into an output
 * directory, with what goes beside each episode: the cue sheet (WAV/FLAC),
 * the playlist and README of the numbered layout, and the manifest.
 *
 * An episode, its cue sheet and its manifest are all complete under temporary
 * names before the first is renamed, so a run that fails leaves the previous
 * run's files as they were. The speech engine must be open.
 */
#ifndef TB_EDITION_H
#define TB_EDITION_H

#include "audio/profile.h"
#include "core/err.h"
#include "layout/doc.h"
#include "render/episode.h"
#include "speech/speech.h"

struct ed_opts {
	const char *out_dir;
	const char *title; /* the publication, for cue sheets; may be NULL */
	struct profile prof;
	struct ep_opts ep;
	struct speech_opts voice;
	const char *cache_dir; /* NULL: the default cache */
	int no_cache;
	unsigned shard_k, shard_n; /* render sections k, k+n, k+2n ... (1-based); 0 = all */
	/* Called after each section is written (progress for the user). */
	void (*report)(void *ctx, const struct doc_section *s, unsigned number);
	void *report_ctx;
};

int ed_render(struct doc *d, struct ed_opts *o, struct tb_err *err);

#endif
