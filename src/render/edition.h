/*
 * edition — renders the sections of a prepared document into an output
 * directory, with what goes beside each episode: the cue sheet (WAV/FLAC),
 * the playlist and README of the numbered layout, and the manifest.
 *
 * A section's files (audio, cue sheet, playlist, manifest) are all complete
 * under temporary names before the first is renamed, and are renamed together
 * with signals blocked, manifest last (core/afile.h): a run that fails or is
 * stopped leaves the previous run's files as they were, or all the new ones.
 * The speech engine must be open.
 */
#ifndef TB_EDITION_H
#define TB_EDITION_H

#include "audio/profile.h"
#include "core/afile.h"
#include "core/err.h"
#include "layout/doc.h"
#include "render/episode.h"
#include "render/station.h"
#include "speech/speech.h"

struct ed_opts {
	const char *out_dir;   /* as named by the user */
	struct afile_dir *out; /* the same, opened (and locked) by the caller */
	const char *title;     /* the publication, for cue sheets; may be NULL */
	struct profile prof;
	struct ep_opts ep;
	enum station_layout station_layout; /* the numbered layout's folders or mp3/ */
	struct speech_opts voice;
	const char *cache_dir; /* NULL: the default cache */
	int no_cache;
	unsigned shard_k, shard_n; /* render sections k, k+n, k+2n ... (1-based); 0 = all */
	/* Called after each section is written (progress for the user). */
	void (*report)(void *ctx, const struct doc_section *s, unsigned number);
	/* Called with a warning that does not stop the run (an unusable cache); may be NULL. */
	void (*warn)(void *ctx, const char *msg);
	void *report_ctx;
};

/* Checks every section against the limits of its files (ep_check_section): call after
 * the pages are read, before anything is written. */
int ed_check(const struct doc *d, const struct ed_opts *o, struct tb_err *err);

int ed_render(struct doc *d, struct ed_opts *o, struct tb_err *err);

#endif
