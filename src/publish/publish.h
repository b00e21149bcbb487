/*
 * publish — turns rendered episodes (their manifests) into a podcast site in
 * one directory DIR: feed.xml, index.html and, per episode, <id>.chapters.json,
 * <id>.vtt, <id>.srt and <id>.lrc beside <id>.json and the audio.
 *
 * The directory is the state. Manifests given from elsewhere are first copied
 * into DIR with their audio; then the feed is made from every rendered
 * manifest in DIR, newest date first (ties by id), capped at `keep`. So a new
 * episode merges into the feed, a re-run never duplicates one (one manifest
 * per id), and publishing the same directory twice gives byte-identical files
 * (a file whose bytes would not change is not rewritten). The channel settings
 * (title, description, base URL, keep, LRC encoding) are kept in
 * DIR/.tingbao-publish.json, so `render --publish` reuses what an earlier
 * `publish` was told. No existing feed.xml is parsed: it is always derived
 * again, which cannot drift from the files it points to.
 *
 * Every file is written atomically (core/afile.h); feed.xml is written last so
 * it never points at a file not yet there. Nothing reads the clock.
 */
#ifndef TB_PUBLISH_H
#define TB_PUBLISH_H

#include "core/err.h"
#include "publish/feed.h"

#include <stddef.h>

#define PUB_STATE_NAME    ".tingbao-publish.json"
#define PUB_DEFAULT_TITLE "\xE5\x90\xAC\xE6\x8A\xA5" /* 听报 */

struct pub_opts {
	const char *out_dir;       /* NULL: "out" */
	const char *base_url;      /* NULL: the saved one, else relative URLs */
	const char *title;         /* the publication; NULL: saved, else PUB_DEFAULT_TITLE */
	const char *description;   /* NULL: saved, else one made from the title */
	const char *date;          /* YYYY-MM-DD for episodes whose manifest has none */
	int keep;                  /* episodes in the feed; -1: saved (else all); 0: all */
	const char *lrc_encoding;  /* "utf-8" or "gbk"; NULL: saved, else utf-8 */
	const char *const *inputs; /* manifests or directories of manifests; may be NULL */
	size_t n_inputs;
};

struct pub_report {
	size_t episodes;      /* rendered manifests found in DIR (after copying) */
	size_t published;     /* items in the feed (after --keep) */
	size_t copied;        /* manifests copied into DIR (with their audio) */
	size_t written;       /* files written */
	size_t unchanged;     /* files left alone because their bytes were already right */
	size_t lrc_replaced;  /* characters GBK lacks, written as '?' */
	int relative_urls;    /* no base URL: podcast apps need absolute ones */
	char feed_path[4096]; /* DIR/feed.xml */
};

/* Everything NULL/0 and keep = -1: all settings from the saved state or defaults. */
void pub_opts_init(struct pub_opts *o);

/* Publishes. Does not lock DIR: the caller holds afile_lock_dir(DIR) around it
 * (cli_publish does; `render --publish` calls it before releasing its own lock,
 * since a second flock on DIR in the same process would wait for itself). 0, or a TB_E_* code with
 * the message in err (TB_E_USAGE for bad options, TB_E_INPUT for a manifest that is not a rendered
 * one or whose audio is missing, TB_E_IO). `rep` may be NULL. */
int pub_run(const struct pub_opts *o, struct pub_report *rep, struct tb_err *err);

/* Sorts items newest first (date descending, then id ascending) and returns how
 * many to keep (all when keep <= 0). Exposed for tests. */
size_t pub_order(struct feed_item *items, size_t n, int keep);

#endif
