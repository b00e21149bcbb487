/*
 * hints — the word lists layout consults: box labels and their kind, column
 * labels, words of page furniture, byline roles, credits, agencies. The built-in
 * lists are the data file voices/layout/hints.conf, compiled into the program;
 * a user's file (`--layout-hints FILE`, same syntax) adds to them.
 *
 * A hint only raises the score of a role; the shape and place of a line decide
 * (docs/layout.md). Words are stored as written; callers compare the text of a
 * line with letter-spacing removed (layout_key()).
 *
 * Ownership: a struct layout_hints owns its words; hints_release() frees them.
 * It is read-only after loading, so one copy serves any number of pages.
 */
#ifndef TB_HINTS_H
#define TB_HINTS_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>

enum hint_list {
	HINT_SUMMARY,         /* box labels read before the body */
	HINT_ASIDE,           /* box labels read after the body */
	HINT_BOX_SUFFIX,      /* how unlisted box labels end */
	HINT_LABEL,           /* column labels */
	HINT_LABEL_SUFFIX,    /* how unlisted column labels end */
	HINT_BRIEFS,          /* headings of clusters of briefs */
	HINT_BRIEFS_SUFFIX,   /* how unlisted ones end */
	HINT_SECTION,         /* section names in the page header */
	HINT_MASTHEAD_SUFFIX, /* how a paper's name ends */
	HINT_STAFF,           /* editors named in a footer */
	HINT_CONTACT,         /* hotlines, mail, QR codes, prices */
	HINT_FURNITURE,       /* whole-line patterns (fnmatch) of furniture */
	HINT_BYLINE_ROLE,     /* 本报记者, 通讯员 ... */
	HINT_CREDIT_PREFIX,   /* 图/, 文/ ... */
	HINT_CREDIT_SUFFIX,   /* 摄, 供图 ... */
	HINT_AGENCY,          /* 本报, 新华社 ...: openers of a dateline */
	HINT_CAPTION_MARK,    /* 图为, 上图 ... */
	HINT_CONNECTIVE,      /* 同时, 此外 ... before a comma: running text */
	HINT_TIME_OPENING,    /* 近日, 日前 ...: running text */
	HINT_NLISTS
};

#define HINTS_TITLE_MAX 64

struct layout_hints {
	struct buf words[HINT_NLISTS]; /* vec of struct hint_word, in file order */
	struct arena arena;            /* the words' bytes */
	char briefs_title[HINTS_TITLE_MAX];
	int read_bylines; /* whether bylines and credits are read aloud */
};

struct hint_word {
	const char *s;
	size_t len;
};

/* The built-in hints. 0, or TB_E_NOMEM / TB_E_DATA with err set. */
int hints_init(struct layout_hints *h, struct tb_err *err);
/* Adds the settings of a hints file. Errors are TB_E_USAGE "FILE:LINE: ...". */
int hints_load(struct layout_hints *h, const char *path, struct tb_err *err);
/* The same from text in memory; `origin` names it in messages. */
int hints_load_text(struct layout_hints *h, const char *text, size_t len, const char *origin,
                    struct tb_err *err);
void hints_release(struct layout_hints *h);

/* s (len bytes) is a listed word. */
int hints_has(const struct layout_hints *h, enum hint_list l, const char *s, size_t len);
/* Byte length of the longest listed word s starts / ends with, or 0. */
size_t hints_prefix(const struct layout_hints *h, enum hint_list l, const char *s, size_t len);
size_t hints_suffix(const struct layout_hints *h, enum hint_list l, const char *s, size_t len);
/* Some listed word occurs in s: its byte offset + 1, or 0. */
size_t hints_within(const struct layout_hints *h, enum hint_list l, const char *s, size_t len);
/* s matches one of the HINT_FURNITURE patterns. */
int hints_furniture(const struct layout_hints *h, const char *s, size_t len);

#endif
