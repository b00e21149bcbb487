/*
 * headline — the parts of a headline block: a stack of short lines before a
 * byline or the body. Typical order: column label (栏目), kicker (引题), title
 * (主题), subtitle (副题), and under it maybe the author's bare name.
 *
 * Marks decide first: a kicker ends in "——" or is a place before a colon
 * ("贵州遵义："), a subtitle starts with "——"; a label is bracketed (【来信】),
 * ends in "·", or is a listed or label-shaped short word above a longer line.
 * A title printed over two lines is joined when the first line cannot end a
 * headline (它的…, an open quote) or a word runs across the break. Without
 * marks, three lines are kicker, title, subtitle; of two, a very short first
 * line (寒潮来袭) or a much longer one is the kicker, else title and subtitle.
 */
#ifndef TB_HEADLINE_H
#define TB_HEADLINE_H

#include "layout/page.h"

enum headline_part {
	HL_LABEL,
	HL_KICKER,
	HL_TITLE,
	HL_SUBTITLE,
	HL_BYLINE, /* a bare name under the headline */
	HL_BODY,   /* more lines than a headline has: text set without punctuation */
};

/* Assigns a part to each of the n lines idx[0..n) of a headline block. */
void headline_parse(const struct page *p, const size_t *idx, size_t n, enum headline_part *part);

/* The name of a part ("kicker"), for `tingbao layout`. */
const char *headline_part_name(enum headline_part part);

/* Line i looks like a column label above line next. */
int headline_is_label(const struct page *p, size_t i, size_t next);

#endif
