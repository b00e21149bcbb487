/*
 * page — a page as layout sees it: a vector of printed lines with their
 * features, the blank lines before each, the role each one gets and why. Each
 * pass of layout (furniture, repair, the page grammar) reads and updates it;
 * this header is internal to src/layout/.
 *
 * A printed line may be cut into pieces before anything else looks at it: a
 * continuation note ("(下转第四版)") or a photo credit at the end of a caption
 * is a piece of its own, with the same line number. Every byte of a printed
 * line but spaces is in exactly one piece, so nothing printed is lost.
 *
 * Ownership: the page owns its lines vector and the joined texts (`own`);
 * other line texts point into the page text, which the caller keeps.
 */
#ifndef TB_PAGE_H
#define TB_PAGE_H

#include "core/buf.h"
#include "layout/feat.h"
#include "layout/hints.h"
#include "layout/layout.h"

#include <stddef.h>
#include <stdint.h>

enum page_role {
	ROLE_NONE,      /* not decided yet */
	ROLE_SECTION,   /* "## 名称" */
	ROLE_FURNITURE, /* page furniture: never read, listed in the manifest */
	ROLE_ORNAMENT,  /* symbols only ("★★★"): kept with the bylines */
	ROLE_BYLINE,
	ROLE_CREDIT,    /* a photo credit */
	ROLE_BOXLABEL,  /* the label of a box (its text may follow on the line) */
	ROLE_SHORT,     /* heading-like: label, kicker, title, subtitle, subhead */
	ROLE_BODY,      /* running text */
	ROLE_PULLQUOTE, /* a body sentence repeated in large type: read once */
};

/* What furniture a line is, for the manifest and `tingbao layout`. */
enum page_furniture {
	FURN_NONE,
	FURN_MASTHEAD,
	FURN_DATE,
	FURN_EDITION,
	FURN_SECTION,
	FURN_ISSUE,
	FURN_HEADER,  /* a page header line of several of the above */
	FURN_RUNNING, /* a header repeated on the page */
	FURN_FOOTER,  /* staff, hotlines, addresses, prices */
	FURN_PAGE_NUMBER,
	FURN_CONTINUATION,
	FURN_DUPLICATE, /* the same line printed twice in a row */
	FURN_HINT,      /* matched a pattern of the layout hints */
};

/* The kind of box a line belongs to. */
enum page_box {
	BOX_NONE,
	BOX_SUMMARY, /* read before the body (编者按, 核心阅读, any box before the body) */
	BOX_ASIDE,   /* read after the body (记者手记, 链接, 背景 …, unlabelled boxes) */
	BOX_CAPTION, /* a photo caption inside a story: read after the body */
};

struct page_line {
	const char *s; /* the text now: a piece of the printed line, or joined lines */
	size_t len;
	const char *printed; /* the piece as printed (s before any join) */
	size_t printed_len;
	char *own; /* joined text: s points here (malloc'd, grows by doubling) */
	size_t own_cap;
	size_t lineno; /* 1-based line number in the page */
	int gap;       /* blank lines before it */
	struct feat f; /* of the printed piece (not updated by joins) */
	enum page_role role;
	enum page_furniture furn;
	int dead;         /* joined into an earlier line (joined_to) */
	size_t joined_to; /* the line it continues, when dead */
	int jump_end;     /* a continuation note followed it: the text stops here */
	size_t box;       /* 1 + index of the box it belongs to, 0 for none */
	const char *what; /* its role in the article, once the grammar decided */
	char why[96];     /* the evidence that decided it, for `tingbao layout` */
};

struct page_boxrec {
	enum page_box kind;
	size_t label;      /* index of the label line, or SIZE_MAX for an unlabelled box */
	size_t first, end; /* its lines [first, end) (label included) */
	int interrupts;    /* dropped into a broken sentence */
};

struct page {
	const struct layout_hints *hints;
	const struct layout_opts *opts;
	struct buf lines; /* vec of struct page_line */
	struct buf boxes; /* vec of struct page_boxrec */
	int usual_gap;    /* the most common number of blank lines between lines */
};

#define PAGE_N(p)      VEC_LEN(&(p)->lines, struct page_line)
#define PAGE_AT(p, i)  (&VEC_AT(&(p)->lines, struct page_line, i))
#define PAGE_NBOX(p)   VEC_LEN(&(p)->boxes, struct page_boxrec)
#define PAGE_BOX(p, i) (&VEC_AT(&(p)->boxes, struct page_boxrec, i))

void page_init(struct page *p, const struct layout_hints *h, const struct layout_opts *o);
void page_release(struct page *p);

/* Splits the text into lines and pieces and computes their features. */
int page_split(struct page *p, const char *text, size_t len);

/* Sets the role of line i with a reason (printf-style) unless already set. */
void page_set(struct page *p, size_t i, enum page_role role, const char *fmt, ...)
        __attribute__((format(printf, 4, 5)));

/* The next line after i that is still part of the text (not dead, not
 * furniture, not a pull quote), or PAGE_N. */
size_t page_next(const struct page *p, size_t i);
/* The previous such line before i, or SIZE_MAX. */
size_t page_prev(const struct page *p, size_t i);

/* Adds a box over lines [first, end); returns its number (1-based) or 0. */
size_t page_add_box(struct page *p, enum page_box kind, size_t label, size_t first, size_t end,
                    int interrupts);

/* Joins line b's text onto line a's (b becomes dead). */
int page_join(struct page *p, size_t a, size_t b);

#endif
