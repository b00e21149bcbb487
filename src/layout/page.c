#include "layout/page.h"

#include "layout/lines.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void page_init(struct page *p, const struct layout_hints *h, const struct layout_opts *o)
{
	memset(p, 0, sizeof(*p));
	p->hints = h;
	p->opts = o;
	buf_init(&p->lines, 0);
	buf_init(&p->boxes, 0);
}

void page_release(struct page *p)
{
	size_t i;

	for (i = 0; i < PAGE_N(p); i++)
		free(PAGE_AT(p, i)->own);
	buf_release(&p->lines);
	buf_release(&p->boxes);
}

static int push_piece(struct page *p, const char *s, size_t len, size_t lineno, int gap,
                      enum page_furniture furn)
{
	struct page_line *l;

	lines_trim(&s, &len);
	if (len == 0)
		return 0;
	l = VEC_PUSH(&p->lines, struct page_line);
	if (!l)
		return TB_E_NOMEM;
	l->s = l->printed = s;
	l->len = l->printed_len = len;
	l->lineno = lineno;
	l->gap = gap;
	feat_compute(s, len, p->hints, &l->f);
	if (furn) {
		l->role = ROLE_FURNITURE;
		l->furn = furn;
		snprintf(l->why, sizeof(l->why), "a continuation note: never read");
	}
	return 0;
}

/* The text stops at a continuation note: the last text piece before it is
 * not joined to what follows. */
static void mark_jump_end(struct page *p)
{
	size_t i = PAGE_N(p);

	while (i-- > 0)
		if (PAGE_AT(p, i)->role != ROLE_FURNITURE) {
			PAGE_AT(p, i)->jump_end = 1;
			return;
		}
}

/* A text piece, with a photo credit at its end cut off as a piece of its own. */
static int push_text(struct page *p, const char *s, size_t len, size_t lineno, int gap)
{
	size_t credit;
	int rc;

	lines_trim(&s, &len);
	if (len == 0)
		return 0;
	credit = feat_credit_tail(s, len, p->hints);
	if (!credit)
		return push_piece(p, s, len, lineno, gap, FURN_NONE);
	if ((rc = push_piece(p, s, credit, lineno, gap, FURN_NONE)) != 0)
		return rc;
	return push_piece(p, s + credit, len - credit, lineno, 0, FURN_NONE);
}

static int split_line(struct page *p, const char *s, size_t len, size_t lineno, int gap)
{
	size_t from = 0, js, je;
	int rc;

	while (feat_find_jump(s, len, from, &js, &je)) {
		if ((rc = push_text(p, s + from, js - from, lineno, gap)) != 0)
			return rc;
		if (PAGE_N(p))
			gap = 0;
		mark_jump_end(p);
		if ((rc = push_piece(p, s + js, je - js, lineno, gap, FURN_CONTINUATION)) != 0)
			return rc;
		gap = 0;
		from = je;
	}
	return push_text(p, s + from, len - from, lineno, gap);
}

/* The page's usual spacing: the most common gap (ties: the larger), at least 1. */
static int usual_gap(const struct page *p)
{
	size_t count[8] = {0}, i;
	int g, best = 1;

	for (i = 1; i < PAGE_N(p); i++) {
		g = PAGE_AT(p, i)->gap;
		count[g < 7 ? g : 7]++;
	}
	for (g = 1; g < 8; g++)
		if (count[g] >= count[best])
			best = g;
	return best;
}

int page_split(struct page *p, const char *text, size_t len)
{
	size_t i = 0, e, lineno = 0, ll;
	int gap = 0, rc;

	while (i < len) {
		const char *line = text + i;

		for (e = i; e < len && text[e] != '\n'; e++)
			;
		ll = e - i;
		i = e < len ? e + 1 : e;
		lineno++;
		lines_trim(&line, &ll);
		if (ll == 0) {
			gap++;
			continue;
		}
		if ((rc = split_line(p, line, ll, lineno, gap)) != 0)
			return rc;
		gap = 0;
	}
	p->usual_gap = usual_gap(p);
	return 0;
}

void page_set(struct page *p, size_t i, enum page_role role, const char *fmt, ...)
{
	struct page_line *l = PAGE_AT(p, i);
	va_list ap;

	if (l->role != ROLE_NONE)
		return;
	l->role = role;
	va_start(ap, fmt);
	vsnprintf(l->why, sizeof(l->why), fmt, ap);
	va_end(ap);
}

static int in_text(const struct page_line *l)
{
	return !l->dead && l->role != ROLE_FURNITURE && l->role != ROLE_PULLQUOTE;
}

size_t page_next(const struct page *p, size_t i)
{
	for (i++; i < PAGE_N(p); i++)
		if (in_text(PAGE_AT(p, i)))
			return i;
	return PAGE_N(p);
}

size_t page_prev(const struct page *p, size_t i)
{
	while (i-- > 0)
		if (in_text(PAGE_AT(p, i)))
			return i;
	return SIZE_MAX;
}

size_t page_add_box(struct page *p, enum page_box kind, size_t label, size_t first, size_t end,
                    int interrupts)
{
	struct page_boxrec *b = VEC_PUSH(&p->boxes, struct page_boxrec);
	size_t k, id;

	if (!b)
		return 0;
	b->kind = kind;
	b->label = label;
	b->first = first;
	b->end = end;
	b->interrupts = interrupts;
	id = PAGE_NBOX(p);
	for (k = first; k < end; k++)
		if (!PAGE_AT(p, k)->box)
			PAGE_AT(p, k)->box = id;
	return id;
}

int page_join(struct page *p, size_t a, size_t b)
{
	struct page_line *la = PAGE_AT(p, a), *lb = PAGE_AT(p, b);
	size_t need = la->len + lb->len + 1;

	/* Grown by doubling, so a paragraph broken into many lines joins in linear time. */
	if (need > la->own_cap) {
		size_t cap = la->own_cap ? la->own_cap : 64;
		char *n;

		while (cap < need)
			cap *= 2;
		n = realloc(la->own, cap);
		if (!n)
			return TB_E_NOMEM;
		if (la->s != la->own)
			memcpy(n, la->s, la->len);
		la->own = n;
		la->own_cap = cap;
	}
	memcpy(la->own + la->len, lb->s, lb->len);
	la->own[la->len + lb->len] = '\0';
	la->s = la->own;
	la->len += lb->len;
	la->jump_end = lb->jump_end;
	lb->dead = 1;
	lb->joined_to = a;
	return 0;
}
