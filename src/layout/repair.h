/*
 * repair — rejoins paragraphs broken where a column ended, and lifts out what
 * the extractor dropped into the break: a labelled box, a photo caption, or an
 * unlabelled box (one to three whole sentences standing between the two halves
 * of a broken one, when the words across the break show where it goes on).
 *
 * Whether line a goes on in line b is a score of clues (repair_score): a line
 * never ends on "，", a whole sentence before makes a heading unlikely, a word
 * of the lexicon runs across the break, b starts with a particle or a mark ...
 * The part of the score found in b itself (b_side) is what tells the true
 * continuation from a box in between. Length alone never decides.
 */
#ifndef TB_REPAIR_H
#define TB_REPAIR_H

#include "layout/page.h"

/* The evidence that a (not ending a sentence) goes on in b. */
int repair_score(const char *a, size_t alen, const char *b, size_t blen,
                 const struct layout_hints *h, const struct layout_opts *o, int *b_side);

/* "X，Y" (or "X Y") with two halves of about the same length, as headings are
 * often printed. */
int repair_parallel_halves(const char *s, size_t len);

/* Joins broken paragraphs of the page and records the boxes lifted out of
 * them (page_add_box). 0 or TB_E_NOMEM. */
int repair_page(struct page *p);

#endif
