/*
 * layout — turns the text of a newspaper page (as extracted from a PDF and
 * cleaned by ingest) into sections → articles → paragraphs → sentences.
 *
 * Each line is judged by its shape, its place and its neighbours (features in
 * layout/feat.h; the hints in voices/layout/hints.conf only raise scores), in
 * passes over the page (docs/layout.md describes every rule):
 *   1. pieces: continuation notes and photo credits at the end of a caption
 *      are cut off lines (layout/page.c);
 *   2. furniture: masthead, dates, edition codes, section names, running
 *      headers, footers, page numbers, duplicates (layout/furniture.c);
 *   3. roles: bylines, credits, box labels, heading-like lines, running text,
 *      pull quotes (layout/roles.c);
 *   4. repair: paragraphs broken where a column ends are joined again, past
 *      boxes, captions and furniture dropped into the break (layout/repair.c);
 *   5. the page grammar: furniture* (label? headline byline? dateline? body
 *      with boxes, captions, subheads, briefs, Q&A turns; end byline?)+,
 *      with headline blocks parsed by layout/headline.c.
 * A line `## 名称` starts a section of that name.
 *
 * Invariant: every printed character of the page (but spaces) ends up in
 * exactly one printed field: a section's furniture, an article's label,
 * kicker, title (unless title_generated), subtitle, bylines, pull quotes, the
 * heading sentences of its summary boxes, its paragraphs' subheads and
 * sentence texts (asides included). The dateline stays in the first
 * sentence's `text`, and a bullet in an item's; their `spoken` leaves them
 * out. All strings live in the doc's arena.
 *
 * Each article's `heading` holds the sentences read before its body, in
 * order: label, kicker (without its "——"), title, subtitle (without leading
 * dashes), then for each summary box its label and its sentences. Asides
 * (记者手记, 链接, 背景, unlabelled boxes, captions inside a story) are read
 * after the body: paragraphs at the end of the article with `aside` set, the
 * label as the first one's subhead. A cluster of briefs is one article whose
 * items are subheaded paragraphs. A story printed without a headline (a
 * dateline paragraph after another story) is an article with title NULL. A
 * section's title is opts->section_title, else its `## 名称`, else the title
 * of its first article with one.
 */
#ifndef TB_LAYOUT_H
#define TB_LAYOUT_H

#include "core/arena.h"
#include "core/buf.h"
#include "core/err.h"
#include "layout/doc.h"

#include <stddef.h>

struct layout_hints;

/* One printed line, the role layout gave it and the evidence (tingbao layout). */
struct layout_row {
	size_t line;      /* 1-based line number in the page */
	const char *text; /* the piece of the line (in the trace's arena) */
	const char *role; /* "title", "furniture: date", "body (continues line 17)" ... */
	const char *why;
};

/* Collects one row per piece of every printed line, in page order. */
struct layout_trace {
	struct arena arena;
	struct buf rows; /* vec of struct layout_row */
};

void layout_trace_init(struct layout_trace *t);
void layout_trace_release(struct layout_trace *t);

struct layout_opts {
	/* may be NULL: lexicon word test for line repair */
	int (*is_word)(void *ctx, const char *s, size_t len);
	void *is_word_ctx;
	/* may be NULL: title for the (first) section; else derived */
	const char *section_title;
	/* may be NULL: the built-in hints are used */
	const struct layout_hints *hints;
	/* may be NULL: where to record each line's role and why */
	struct layout_trace *trace;
};

/* Appends one or more sections (one per page, or one per `## 名称` line) to d,
 * parsed from `text` (valid UTF-8, NFKC-normalized, LF line ends, trailing
 * spaces trimmed — ingest does that). `source` is the page file name recorded
 * in each section. 0 or negative TB_E_* with err set (TB_E_INPUT for a page
 * with no text, TB_E_NOMEM). */
int layout_page(struct doc *d, const char *text, size_t len, const char *source,
                const struct layout_opts *opts, struct tb_err *err);

/* The evidence that line `a` (not ending a sentence) continues in line `b`:
 * a score, joined when >= LAYOUT_JOIN_SCORE. opts->hints must be set.
 * Exposed for tests. */
#define LAYOUT_JOIN_SCORE 3
int layout_join_score(const char *a, size_t alen, const char *b, size_t blen,
                      const struct layout_opts *opts);
/* The part of that evidence found in `b` itself (it starts with a mark or a
 * particle, a word runs across the break): needed to join a short `b`, which
 * could as well be a heading. */
int layout_join_score_b(const char *a, size_t alen, const char *b, size_t blen,
                        const struct layout_opts *opts);

#endif
