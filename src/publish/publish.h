/*
 * publish — turns rendered episodes (their manifests) into a podcast site in
 * one directory DIR: feed.xml, index.html and, per episode, <id>.chapters.json,
 * <id>.vtt, <id>.srt and <id>.lrc beside <id>.json and the audio.
 *
 * The directory is the state. The feed is made from every rendered manifest in
 * DIR and those given from elsewhere (copied into DIR with their audio), newest
 * date first (ties by id), capped at `keep`. So a new episode merges into the
 * feed, a re-run never duplicates one (one manifest per id), and publishing the
 * same directory twice gives byte-identical files (a file whose bytes would not
 * change is not rewritten). The channel settings (title, description, base
 * URL, keep, LRC encoding) are kept in a comment at the top of feed.xml
 * (PUB_SETTINGS_TAG), so `render --publish` reuses what an earlier `publish`
 * was told; nothing else of an existing feed.xml is read: it is always derived
 * again, which cannot drift from the files it points to. No other file is
 * left in DIR (the settings file of earlier versions is read once, then
 * removed).
 *
 * Manifests are data from anywhere: only regular files are read (never through
 * a symbolic link, never a FIFO), an episode's audio is the regular file
 * id.mp3 beside its manifest, and an import never replaces a different episode
 * (same manifest name, other id or date) unless `replace` is set. Manifests
 * that cannot be read are warnings, and stop the run unless `skip_bad` is set.
 * A station's episodes (the numbered layout: files for small players, not one
 * audio file) are never in the feed, nor imported: they are counted and left
 * alone, and `tingbao card` copies them onto a card.
 *
 * Every file is written under a temporary name first and all are renamed at
 * the end, together, with signals blocked and feed.xml last (core/afile.h): a
 * publish that fails (a full disk) or is stopped leaves the old site, or the
 * new one, never a mix. Nothing reads the clock.
 */
#ifndef TB_PUBLISH_H
#define TB_PUBLISH_H

#include "core/err.h"
#include "publish/feed.h"

#include <stddef.h>

#define PUB_SETTINGS_NAME "tingbao-publish"
#define PUB_SETTINGS_TAG  "<!-- " PUB_SETTINGS_NAME " "
#define PUB_DEFAULT_TITLE "\xE5\x90\xAC\xE6\x8A\xA5" /* 听报 */

struct afile_dir;

struct pub_opts {
	const char *out_dir;       /* NULL: "out" */
	struct afile_dir *dir;     /* out_dir already opened (and locked) by the caller, or NULL */
	const char *base_url;      /* NULL: the saved one, else relative URLs */
	const char *title;         /* the publication; NULL: saved, else PUB_DEFAULT_TITLE */
	const char *description;   /* NULL: saved, else one made from the title */
	const char *date;          /* YYYY-MM-DD for episodes whose manifest has none */
	int keep;                  /* episodes in the feed; -1: saved (else all); 0: all */
	const char *lrc_encoding;  /* "utf-8" or "gbk"; NULL: saved, else utf-8 */
	const char *const *inputs; /* manifests or directories of manifests; may be NULL */
	size_t n_inputs;
	/* the channel's own fields; NULL (or -1): saved, else the defaults in brackets */
	const char *image;         /* --image: a PNG or JPEG to copy as the cover; "": draw one
	                            * again [the cover drawn from the paper's name and date] */
	const char *author;        /* itunes:author [the title] */
	const char *owner_name;    /* itunes:owner's name [the author] */
	const char *owner_email;   /* itunes:owner's email, podcast:locked's owner [none] */
	const char *category;      /* an Apple Podcasts category [News/Daily News] */
	int explicit_;             /* itunes:explicit [0] */
	int locked;                /* podcast:locked [0] */
	const char *episode_title; /* the items' title template (feed.h) [FEED_TITLE_DEFAULT] */
	int replace;  /* an import may replace a different episode of the same manifest name */
	int skip_bad; /* publish without manifests that cannot be read (else they stop it) */
	/* Called with each warning (a manifest skipped); may be NULL. */
	void (*warn)(void *ctx, const char *msg);
	void *warn_ctx;
};

struct pub_report {
	size_t episodes;      /* rendered manifests found in DIR (after copying) */
	size_t published;     /* items in the feed (after --keep) */
	size_t copied;        /* manifests copied into DIR (with their audio) */
	size_t written;       /* files written */
	size_t unchanged;     /* files left alone because their bytes were already right */
	size_t lrc_replaced;  /* characters GBK lacks, written as '?' */
	size_t stations;      /* station episodes (the numbered layout) left out of the feed */
	int relative_urls;    /* no base URL: podcast apps need absolute ones */
	int http_url;         /* the base URL is http://: Apple and many apps want https */
	int no_owner_email;   /* a public feed without --owner-email: directories verify by it */
	char feed_path[4096]; /* DIR/feed.xml */
};

/* Everything NULL/0 and keep, explicit_, locked = -1: all settings from the saved state or
 * defaults. */
void pub_opts_init(struct pub_opts *o);

/* Publishes. Does not lock DIR: the caller holds afile_dir_lock(DIR) around it
 * (cli_publish does; `render --publish` calls it before releasing its own lock,
 * since a second flock on DIR in the same process would wait for itself). 0, or a TB_E_* code with
 * the message in err (TB_E_USAGE for bad options, TB_E_INPUT for a manifest that is not a rendered
 * one or whose audio is missing, TB_E_IO). `rep` may be NULL. */
int pub_run(const struct pub_opts *o, struct pub_report *rep, struct tb_err *err);

/* Sorts items newest first (date descending, then id ascending) and returns how
 * many to keep (all when keep <= 0). Exposed for tests. */
size_t pub_order(struct feed_item *items, size_t n, int keep);

#endif
