/*
 * opening — what a section's opening says, before its first article, in this
 * order:
 *   1. the publication (--title), when given;
 *   2. the edition date written as a Chinese date ("2024年3月8日", which text
 *      normalization reads aloud as one), when given;
 *   3. the section's name, when the page gives one (opening_section_name);
 *   4. for a section of two or more articles, unless contents are off:
 *      "本期要目" and the articles' headlines in reading order.
 *
 * A page without a name of its own is titled by its lead headline, and the
 * first article reads that headline: the opening never says the section's
 * title for its own sake, so the lead headline is never read twice in a row
 * (the contents end with the last headline, and a one-article section has
 * none). The opening may be empty (no title, no date, no name, one article).
 *
 * Strings go to the document's arena; the opening is the section's `intro`,
 * which must be empty before (the caller builds it once, before the text
 * stages run over it).
 */
#ifndef TB_OPENING_H
#define TB_OPENING_H

#include "core/err.h"
#include "layout/doc.h"

#include <stddef.h>

/* What the opening says before the contents; "本期要目" itself. */
#define OPENING_CONTENTS "\xE6\x9C\xAC\xE6\x9C\x9F\xE8\xA6\x81\xE7\x9B\xAE"

struct opening_opts {
	const char *publication; /* NULL or "": none */
	int contents; /* read "本期要目" and the headlines (sections of 2+ articles) */
};

/*
 * The section's own name, when the page gives one: its title when that is no
 * article's headline and not the page's file name (a "## 要闻" line), else the
 * first page furniture of kind "section" (a running header "要 闻"), with the
 * spaces of letter-spaced type between two CJK characters taken out. Written
 * into `out` (NUL-terminated, cut at a character boundary to fit); returns its
 * length, 0 when the section has no name of its own.
 */
size_t opening_section_name(const struct doc_section *s, char *out, size_t size);

/* "2024-03-08" → "2024年3月8日" into out; 0 when `ymd` is not a YYYY-MM-DD date. */
size_t opening_date_text(const char *ymd, char *out, size_t size);

/* Fills s->intro (which must be empty). 0 or TB_E_NOMEM. */
int opening_build(struct doc *d, struct doc_section *s, const struct opening_opts *o,
                  struct tb_err *err);

#endif
