/*
 * mread — reads rendered manifests ("tingbao-manifest", version 1 or later)
 * back into memory for publishing. Parsing is done by jansson (it validates
 * UTF-8 and reports line and column of a syntax error); this module only
 * checks the shape and copies what publishing needs.
 *
 * Invariants of an episode read here: every sentence and chapter has integer
 * times with 0 <= start_ms <= end_ms <= MR_MAX_MS (so no arithmetic on them
 * can overflow); sentences are in reading order (the opening, then each
 * article's heading, subheads and body); every string is valid UTF-8, one line
 * with no control or format character (core/utext.h), and never NULL (missing
 * optional text becomes ""); the id is one render makes (core/names.h) and the
 * audio's file name is the id with .mp3, .wav or .flac, or, for a station (the
 * numbered layout), each file is one of the names render/station.h makes. A
 * manifest is data from anywhere: none of it can name a file other than its
 * own audio.
 *
 * Ownership: all strings and arrays of an episode live in the arena passed
 * in, and die with it.
 */
#ifndef TB_MREAD_H
#define TB_MREAD_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>
#include <stdint.h>

/* The latest time a manifest may hold: about 31 years. */
#define MR_MAX_MS      ((int64_t)1000000000000)
#define MR_MAX_MS_TEXT "10^12 ms"

#define MREAD_MAX_BYTES ((size_t)256 << 20)

enum mr_kind {
	MR_OPENING, /* read before the first article (publication, date, contents) */
	MR_HEADING, /* label, kicker, title, subtitle, summary of an article */
	MR_SUBHEAD, /* a subhead inside an article */
	MR_BODY,    /* a sentence of a paragraph */
};

struct mr_sentence {
	const char *text;   /* as printed */
	const char *spoken; /* as read aloud */
	int64_t start_ms;
	int64_t end_ms;
	enum mr_kind kind;
	int new_paragraph; /* first sentence of a paragraph (or of a heading block) */
	size_t chapter;    /* index of the chapter its start falls in */
};

struct mr_chapter {
	const char *id;
	const char *title;
	int64_t start_ms;
	int64_t end_ms;
};

struct mr_episode {
	const char *id;
	const char *title;
	const char *date; /* YYYY-MM-DD, or "" when the manifest has none */
	const char *file; /* the audio's name, relative to `dir` */
	const char *dir;  /* the directory the manifest was read from */
	const char *manifest_path;
	int64_t duration_ms;
	struct mr_chapter *chapters;
	size_t n_chapters;
	struct mr_sentence *sentences;
	size_t n_sentences;
	/* The numbered layout (a station): no one audio file (`file` is ""), but one file per
	 * opening and article, "01/001.mp3" or "mp3/0001.mp3" as render/station.h names them,
	 * in playing order. Publish leaves these out of the feed; `tingbao card` copies them. */
	int station;
	const char **station_files;
	size_t n_station_files;
	const char *section; /* the section's own name ("要闻"), or "" when the page has none */
};

/* Parses a manifest held in memory; `name` names it in error messages and
 * `dir` is stored in each episode. Appends every episode to `eps` (a VEC of
 * struct mr_episode). Returns 0, TB_E_INPUT (not a rendered manifest: bad
 * JSON, wrong format, missing times) or TB_E_NOMEM. On failure `eps` is as it
 * was. */
int mread_text(const char *json, size_t len, const char *name, const char *dir, struct arena *a,
               struct buf *eps, struct tb_err *err);

/* 1 when the JSON text says it is a tingbao manifest (any version), 0 when it is
 * other JSON (chapter files, anything else: skipped when scanning a directory),
 * TB_E_INPUT with the line and column when it is not JSON at all (a half-copied
 * manifest). */
int mread_probe(const char *json, size_t len, const char *name, struct tb_err *err);

/* The manifest with every string (and key) cleaned of hidden characters, as it is
 * copied into a site: appends the cleaned JSON to `out`, or nothing when it was clean
 * already (copy it as it is). 0, TB_E_INPUT (not JSON) or TB_E_NOMEM. */
int mread_clean(const char *json, size_t len, struct buf *out);

/* The saved channel settings of publish (JSON text; see publish.h). Every string is
 * NULL when absent, else owned by the struct (free with mread_state_release), one
 * line without hidden characters; keep is -1 when absent. A malformed text is
 * TB_E_INPUT. */
struct mr_state {
	int found;
	char *title;
	char *description;
	char *base_url;
	char *lrc_encoding;
	long keep;
	/* the channel's own fields (publish.h) */
	char *image; /* the cover's name in DIR when one was given, "" for the generated one */
	char *author;
	char *owner_name;
	char *owner_email;
	char *category;
	char *explicit_; /* "yes" or "no" */
	char *locked;    /* "yes" or "no" */
	char *episode_title;
};

int mread_state(const char *json, size_t len, const char *name, struct mr_state *st,
                struct tb_err *err);
void mread_state_release(struct mr_state *st);

#endif
