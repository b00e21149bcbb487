/*
 * mread — reads rendered manifests ("tingbao-manifest", version 1 or later)
 * back into memory for publishing. Parsing is done by jansson (it validates
 * UTF-8 and reports line and column of a syntax error); this module only
 * checks the shape and copies what publishing needs.
 *
 * Invariants of an episode read here: every sentence and chapter has integer
 * times with 0 <= start_ms <= end_ms; sentences are in reading order (the
 * opening, then each article's heading, subheads and body); every string is
 * valid UTF-8 and never NULL (missing optional text becomes "").
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
};

/* Parses a manifest held in memory; `name` names it in error messages and
 * `dir` is stored in each episode. Appends every episode to `eps` (a VEC of
 * struct mr_episode). Returns 0, TB_E_INPUT (not a rendered manifest: bad
 * JSON, wrong format, missing times) or TB_E_NOMEM. On failure `eps` is as it
 * was. */
int mread_text(const char *json, size_t len, const char *name, const char *dir, struct arena *a,
               struct buf *eps, struct tb_err *err);

/* Reads and parses the manifest file at `path` (TB_E_IO when unreadable). */
int mread_file(const char *path, struct arena *a, struct buf *eps, struct tb_err *err);

/* 1 when the JSON text at `path` says it is a tingbao manifest (any version),
 * 0 when it is other JSON or unreadable: used to skip chapter files and other
 * JSON when scanning a directory. */
int mread_is_manifest(const char *path);

/* The saved channel settings of publish (DIR/.tingbao-publish.json). Every
 * string is NULL when absent, else owned by the struct (free with
 * mread_state_release); keep is -1 when absent. A missing file is not an
 * error (found = 0); an unreadable or malformed one is TB_E_INPUT / TB_E_IO. */
struct mr_state {
	int found;
	char *title;
	char *description;
	char *base_url;
	char *lrc_encoding;
	long keep;
};

int mread_state(const char *path, struct mr_state *st, struct tb_err *err);
void mread_state_release(struct mr_state *st);

#endif
