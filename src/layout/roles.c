#include "layout/roles.h"

#include "layout/lines.h"

#include <stdio.h>
#include <string.h>

/* A closed line this short ending in ？ or ！ may still be a headline. */
#define QUESTION_TITLE_MAX_CHARS 24
/* "贵州遵义：" — a place or subject before a colon, introducing the title. */
#define PLACE_LINE_MAX_CHARS 12
/* A kicker ending in "——" may run longer than other headings. */
#define KICKER_MAX_CHARS (2 * ROLES_HEADING_MAX_CHARS)
/* Pull quotes: a closed line this long whose words stand in a longer line
 * at most PULLQUOTE_WINDOW lines away. */
#define PULLQUOTE_MIN_CHARS 6
#define PULLQUOTE_MAX_CHARS 60
#define PULLQUOTE_WINDOW    40

static void classify_one(struct page *p, size_t i)
{
	struct page_line *l = PAGE_AT(p, i);
	const struct feat *f = &l->f;

	if (l->role != ROLE_NONE)
		return;
	if (f->symbols_only)
		page_set(p, i, ROLE_ORNAMENT, "symbols only: kept, not read");
	else if (f->mark_len)
		page_set(p, i, ROLE_BOXLABEL, "a box label with its text on the same line");
	else if (f->box_hint == FEAT_BOX_SUMMARY || f->box_hint == FEAT_BOX_ASIDE)
		page_set(p, i, ROLE_BOXLABEL, "a box label (listed in the hints)");
	else if (l->jump_end && !f->byline && !f->credit)
		page_set(p, i, ROLE_BODY, "text that goes on at a continuation note");
	else if (f->end == FEAT_DASH && f->nchars <= KICKER_MAX_CHARS)
		page_set(p, i, ROLE_SHORT, "ends in a dash: a kicker above a title");
	else if (f->label_word && f->end == FEAT_OPEN)
		page_set(p, i, ROLE_SHORT, "a column label (listed in the hints)");
	else if (f->credit)
		page_set(p, i, ROLE_CREDIT, "a photo credit (…摄, 图/…, …供图)");
	else if (f->byline)
		page_set(p, i, ROLE_BYLINE, "a byline (a role and names, or a note in brackets)");
	else if (f->end != FEAT_CLOSED && f->end != FEAT_COLON &&
	         f->nchars <= ROLES_HEADING_MAX_CHARS)
		page_set(p, i, ROLE_SHORT, "short, no sentence end: heading-like");
	else if (f->end == FEAT_COLON && f->nchars <= PLACE_LINE_MAX_CHARS && !f->has_comma &&
	         f->nchars >= 4 && !f->turn && lines_ends_with(l->s, l->len, ":"))
		page_set(p, i, ROLE_SHORT, "a place or subject before a colon: part of a headline");
	else
		page_set(p, i, ROLE_BODY, "%s",
		         f->end == FEAT_CLOSED ? "ends a sentence: running text"
		                               : "longer than a heading: running text");
}

static int is_dateline_body(const struct page *p, size_t i)
{
	return i < PAGE_N(p) && PAGE_AT(p, i)->role == ROLE_BODY && PAGE_AT(p, i)->f.dateline_len;
}

/* A closed short line ending in ？/！ above a byline or dateline is a headline. */
static int question_title(const struct page *p, size_t i)
{
	const struct page_line *l = PAGE_AT(p, i);
	size_t st, n, len = l->len;
	uint32_t last;

	if (l->role != ROLE_BODY || l->f.nchars > QUESTION_TITLE_MAX_CHARS || l->f.inner_end)
		return 0;
	last = lines_last(l->s, len, &st);
	while (lines_is_closer(last) && st > 0)
		last = lines_last(l->s, st, &st);
	if (last != '?' && last != '!' && last != 0xFF1F && last != 0xFF01)
		return 0;
	n = page_next(p, i);
	if (n >= PAGE_N(p))
		return 0;
	if (i > 0 && PAGE_AT(p, i - 1)->role == ROLE_SHORT && PAGE_AT(p, i - 1)->f.end == FEAT_DASH)
		return 1;
	if (PAGE_AT(p, n)->role == ROLE_SHORT) /* a subtitle between */
		n = page_next(p, n);
	return n < PAGE_N(p) && (PAGE_AT(p, n)->role == ROLE_BYLINE || is_dateline_body(p, n));
}

void roles_classify(struct page *p)
{
	size_t i, n;

	for (i = 0; i < PAGE_N(p); i++)
		classify_one(p, i);
	for (i = 0; i < PAGE_N(p); i++)
		if (question_title(p, i)) {
			PAGE_AT(p, i)->role = ROLE_SHORT;
			snprintf(PAGE_AT(p, i)->why, sizeof(PAGE_AT(p, i)->why),
			         "a question above a byline or dateline: a headline");
		}
	/* A line ending in "——" is a kicker only above a headline; else it is
	 * body text cut at a dash. */
	for (i = 0; i < PAGE_N(p); i++) {
		struct page_line *l = PAGE_AT(p, i);

		if (l->role != ROLE_SHORT || l->f.end != FEAT_DASH)
			continue;
		n = page_next(p, i);
		if (n < PAGE_N(p) && PAGE_AT(p, n)->role == ROLE_SHORT)
			continue;
		if (l->f.nchars > ROLES_HEADING_MAX_CHARS) {
			l->role = ROLE_BODY;
			snprintf(l->why, sizeof(l->why),
			         "text cut at a dash, no headline after it");
		}
	}
}

int roles_box_label_shape(const struct page *p, size_t i)
{
	const struct page_line *l = PAGE_AT(p, i);

	return l->role == ROLE_BOXLABEL ||
	       (l->role == ROLE_SHORT && l->f.box_hint != FEAT_BOX_NONE);
}

/* The words a pull quote repeats: without its final marks and, when the
 * whole line is one quotation, without the quotation marks. */
static void quote_core(const char *s, size_t len, const char **core, size_t *clen)
{
	size_t st, adv;
	uint32_t c;

	while (len > 0) {
		c = lines_last(s, len, &st);
		if (!lines_is_terminal(c) && c != '.' && c != 0x201D && c != '"')
			break;
		len = st;
	}
	c = len ? lines_decode(s, len, &adv) : 0;
	if ((c == 0x201C || c == '"') && !memchr(s + adv, '"', len - adv) &&
	    !lines_contains(s + adv, len - adv, "”") && !lines_contains(s + adv, len - adv, "“")) {
		s += adv;
		len -= adv;
	}
	*core = s;
	*clen = len;
}

static int pullquote_candidate(const struct page_line *l)
{
	return !l->dead && l->role == ROLE_BODY && l->f.end == FEAT_CLOSED && !l->box &&
	       l->f.nchars >= PULLQUOTE_MIN_CHARS && l->f.nchars <= PULLQUOTE_MAX_CHARS &&
	       !l->f.dateline_len && lines_nchars(l->s, l->len) <= PULLQUOTE_MAX_CHARS;
}

static int repeats_nearby(const struct page *p, size_t i, const char *core, size_t clen)
{
	size_t j, lo = i > PULLQUOTE_WINDOW ? i - PULLQUOTE_WINDOW : 0;
	size_t hi = i + PULLQUOTE_WINDOW < PAGE_N(p) ? i + PULLQUOTE_WINDOW : PAGE_N(p);

	for (j = lo; j < hi; j++) {
		const struct page_line *m = PAGE_AT(p, j);

		if (j == i || m->dead || (m->role != ROLE_BODY && m->role != ROLE_SHORT) ||
		    m->len <= PAGE_AT(p, i)->len)
			continue;
		if (lines_find(m->s, m->len, core, clen))
			return 1;
	}
	return 0;
}

void roles_find_pullquotes(struct page *p)
{
	size_t i, clen;
	const char *core;

	for (i = 0; i < PAGE_N(p); i++) {
		struct page_line *l = PAGE_AT(p, i);

		if (!pullquote_candidate(l))
			continue;
		quote_core(l->s, l->len, &core, &clen);
		if (lines_nchars(core, clen) < PULLQUOTE_MIN_CHARS ||
		    !repeats_nearby(p, i, core, clen))
			continue;
		l->role = ROLE_PULLQUOTE;
		snprintf(l->why, sizeof(l->why),
		         "its words stand in a longer line nearby: a pull quote, read once there");
	}
}
