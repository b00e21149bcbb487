/*
 * layout — turns the text of a newspaper page (as extracted from a PDF and
 * cleaned by ingest) into sections → articles → paragraphs → sentences.
 *
 * What it recognizes: column labels, kicker lines ending in "——", titles and
 * subtitles, byline lines, photo credits (a caption with a credit ending in
 * 摄 is a photo story), datelines ("本报讯(记者…)"), subheads, sidebars
 * ("阅读提示" and its text), and paragraphs broken where a column ends (joined
 * again, also around a sidebar dropped into the break). A line `## 名称`
 * starts a section of that name.
 *
 * Invariant: every printed character of the page ends up in exactly one of
 * the printed fields (label, kicker, title, subtitle, bylines, summary,
 * subheads, sentence texts; a sidebar's marker line as the heading sentence
 * before the summary). The dateline stays in the first sentence's `text`; its
 * `spoken` leaves it out. All strings live in the doc's arena.
 *
 * Each article's `heading` holds the sentences read before its body, in
 * order: label, kicker (without its "——"), title, subtitle (without leading
 * dashes), then for a sidebar its marker ("阅读提示") and the summary's
 * sentences. Bylines, notes in brackets ("(作者为…)") and editor lines are
 * kept in `bylines`, never in the body. A story printed without a headline
 * (a dateline paragraph after another story) is an article with title NULL.
 * A section's title is opts->section_title, else its `## 名称`, else the
 * title of its first article with one.
 */
#ifndef TB_LAYOUT_H
#define TB_LAYOUT_H

#include "core/err.h"
#include "layout/doc.h"

#include <stddef.h>

struct layout_opts {
	/* may be NULL: lexicon word test for line repair */
	int (*is_word)(void *ctx, const char *s, size_t len);
	void *is_word_ctx;
	/* may be NULL: title for the (first) section; else derived */
	const char *section_title;
};

/* Appends one or more sections (one per page, or one per `## 名称` line) to d,
 * parsed from `text` (valid UTF-8, NFKC-normalized, LF line ends, trailing
 * spaces trimmed — ingest does that). `source` is the page file name recorded
 * in each section. 0 or negative TB_E_* with err set (TB_E_INPUT for a page
 * with no text, TB_E_NOMEM). */
int layout_page(struct doc *d, const char *text, size_t len, const char *source,
                const struct layout_opts *opts, struct tb_err *err);

/* The evidence that line `a` (not ending a sentence) continues in line `b`:
 * a score, joined when >= LAYOUT_JOIN_SCORE. Exposed for tests. */
#define LAYOUT_JOIN_SCORE 3
int layout_join_score(const char *a, size_t alen, const char *b, size_t blen,
                      const struct layout_opts *opts);
/* The part of that evidence found in `b` itself (it starts with a mark or a
 * particle, a word runs across the break): needed to join a short `b`, which
 * could as well be a heading. */
int layout_join_score_b(const char *a, size_t alen, const char *b, size_t blen,
                        const struct layout_opts *opts);

#endif
