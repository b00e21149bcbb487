#include "layout/furniture.h"

#include "layout/lines.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* Lines longer than this are never furniture by their place alone. */
#define PLACE_MAX_CHARS 10
/* A repeated line is a running header only when this short. */
#define RUNNING_MAX_CHARS 40
/* The same line twice in a row is an artifact only when this long. */
#define DUPLICATE_MIN_CHARS 8
/* A footer line after the last article is at most this long. */
#define FOOTER_MAX_CHARS 30

const char *furniture_kind_name(enum page_furniture k)
{
	static const char *const names[] = {
	        [FURN_NONE] = "none",
	        [FURN_MASTHEAD] = "masthead",
	        [FURN_DATE] = "date",
	        [FURN_EDITION] = "edition",
	        [FURN_SECTION] = "section",
	        [FURN_ISSUE] = "issue",
	        [FURN_HEADER] = "page-header",
	        [FURN_RUNNING] = "running-header",
	        [FURN_FOOTER] = "footer",
	        [FURN_PAGE_NUMBER] = "page-number",
	        [FURN_CONTINUATION] = "continuation",
	        [FURN_DUPLICATE] = "duplicate",
	        [FURN_HINT] = "hint",
	};

	return k < sizeof(names) / sizeof(names[0]) && names[k] ? names[k] : "none";
}

static void set_furniture(struct page *p, size_t i, enum page_furniture k, const char *why)
{
	struct page_line *l = PAGE_AT(p, i);

	if (l->role != ROLE_NONE)
		return;
	page_set(p, i, ROLE_FURNITURE, "%s", why);
	l->furn = k;
}

/* Most of the line is a date: digits, 年月日, separators and a weekday. */
static int mostly_date(const struct page_line *l)
{
	static const char *const parts[] = {"年", "月", "日", "号", "星期", "周", NULL};
	size_t i, adv, k, other = 0;
	uint32_t c;

	for (i = 0; i < l->len; i += adv) {
		c = lines_decode(l->s + i, l->len - i, &adv);
		if ((c >= '0' && c <= '9') || lines_is_space(c) || c == '.' || c == '-' || c == '/')
			continue;
		for (k = 0; parts[k]; k++)
			if (lines_starts_with(l->s + i, l->len - i, parts[k]))
				break;
		if (parts[k]) {
			adv = strlen(parts[k]);
			continue;
		}
		other++;
	}
	return other <= 3;
}

/* Evidence in the line itself; the reason in *why. */
static enum page_furniture own_evidence(const struct page_line *l, const char **why)
{
	const struct feat *f = &l->f;
	int parts = 0;

	if (f->pattern)
		return *why = "matches a furniture pattern of the layout hints", FURN_HINT;
	if (f->byline || f->credit || f->dateline_len)
		return FURN_NONE;
	parts = (f->date && (f->weekday || mostly_date(l))) + f->edition + f->issue + f->lunar;
	if (parts >= 2 || (parts == 1 && (f->section || f->masthead)) ||
	    (f->date && f->weekday && !mostly_date(l)))
		return *why = "a page header: date, edition or issue with other header words",
		       FURN_HEADER;
	if (f->date && (f->weekday || mostly_date(l)))
		return *why = f->weekday ? "a date with its weekday"
		                         : "a date on a line of its own",
		       FURN_DATE;
	if (f->lunar)
		return *why = "a lunar date", FURN_DATE;
	if (f->edition)
		return *why = "an edition code (第N版, A06)", FURN_EDITION;
	if (f->issue)
		return *why = "an issue or registration number", FURN_ISSUE;
	if (f->staff)
		return *why = "editors named in a footer", FURN_FOOTER;
	if (f->contact)
		return *why = "a hotline, address or QR-code line", FURN_FOOTER;
	if (f->page_no)
		return *why = "a page number on a line of its own", FURN_PAGE_NUMBER;
	return FURN_NONE;
}

/* Short, no punctuation, no role of its own: could stand in a page header. */
static int header_shaped(const struct page_line *l)
{
	const struct feat *f = &l->f;

	return f->key_chars && f->key_chars <= PLACE_MAX_CHARS && f->end == FEAT_OPEN &&
	       !f->has_comma && !f->byline && !f->credit && !f->box_hint && !f->bullet_len &&
	       !f->bracketed; /* 【校园】 is a column label */
}

/* Counts lines with the same key: a line printed several times on a page (a
 * running header) is found in one pass with a small hash table. */
struct slot {
	uint64_t hash;
	size_t first, count;
};

static int repeat_candidate(const struct page_line *l)
{
	const struct feat *f = &l->f;

	return l->role == ROLE_NONE && f->nchars <= RUNNING_MAX_CHARS && f->end != FEAT_CLOSED &&
	       f->end != FEAT_PAUSE && !f->inner_end && !f->byline && !f->credit &&
	       !f->dateline_len && !f->symbols_only;
}

static int mark_repeats(struct page *p)
{
	struct buf tab = BUF_INIT;
	struct slot *t;
	size_t n = PAGE_N(p), cap = 16, i, k;
	uint64_t h;

	while (cap < 2 * n)
		cap *= 2;
	t = buf_addzero(&tab, cap * sizeof(*t));
	if (!t)
		return TB_E_NOMEM;
	for (i = 0; i < n; i++) {
		if (!repeat_candidate(PAGE_AT(p, i)))
			continue;
		h = PAGE_AT(p, i)->f.key_hash;
		for (k = h & (cap - 1); t[k].hash && t[k].hash != h; k = (k + 1) & (cap - 1))
			;
		if (!t[k].hash) {
			t[k].hash = h;
			t[k].first = i;
		}
		t[k].count++;
	}
	for (i = 0; i < n; i++) {
		if (!repeat_candidate(PAGE_AT(p, i)))
			continue;
		h = PAGE_AT(p, i)->f.key_hash;
		for (k = h & (cap - 1); t[k].hash != h; k = (k + 1) & (cap - 1))
			;
		if (t[k].count >= 2) {
			page_set(p, i, ROLE_FURNITURE,
			         "printed %zu times on the page: a running header", t[k].count);
			if (PAGE_AT(p, i)->furn == FURN_NONE)
				PAGE_AT(p, i)->furn = FURN_RUNNING;
		}
	}
	buf_release(&tab);
	return 0;
}

static void mark_own_evidence(struct page *p)
{
	size_t i;
	const char *why = NULL;
	enum page_furniture k;

	for (i = 0; i < PAGE_N(p); i++)
		if (PAGE_AT(p, i)->role == ROLE_NONE && (k = own_evidence(PAGE_AT(p, i), &why)))
			set_furniture(p, i, k, why);
}

static int is_furniture(const struct page *p, size_t i)
{
	return i < PAGE_N(p) && PAGE_AT(p, i)->role == ROLE_FURNITURE &&
	       PAGE_AT(p, i)->furn != FURN_CONTINUATION;
}

/* The page header: the short lines at the top around a date, an edition code
 * or an issue number. Lines up to the last such line are furniture; after it
 * only what the hints name (a section, a paper's name), since a column label
 * may stand between the header and the first headline. */
static void mark_top_header(struct page *p)
{
	size_t i, z, last = SIZE_MAX;

	for (z = 0; z < PAGE_N(p); z++) {
		const struct page_line *l = PAGE_AT(p, z);

		if (l->role == ROLE_SECTION)
			break;
		if (is_furniture(p, z))
			last = z;
		else if (!header_shaped(l))
			break;
	}
	if (last == SIZE_MAX)
		return;
	for (i = 0; i < z; i++) {
		const struct feat *f = &PAGE_AT(p, i)->f;

		if (i < last)
			set_furniture(
			        p, i,
			        f->masthead  ? FURN_MASTHEAD
			        : f->section ? FURN_SECTION
			                     : FURN_HEADER,
			        "a short line in the page header, before its date or edition line");
		else if (f->section || f->masthead)
			set_furniture(p, i, f->masthead ? FURN_MASTHEAD : FURN_SECTION,
			              f->masthead ? "a paper's name in the page header"
			                          : "a section name in the page header");
	}
}

/* A section name or a paper's name next to other furniture, anywhere. */
static void mark_neighbours(struct page *p)
{
	size_t i;
	int changed = 1;

	while (changed) {
		changed = 0;
		for (i = 0; i < PAGE_N(p); i++) {
			const struct page_line *l = PAGE_AT(p, i);

			if (l->role != ROLE_NONE || !header_shaped(l) ||
			    !(l->f.section || l->f.masthead))
				continue;
			if (is_furniture(p, i + 1) || (i > 0 && is_furniture(p, i - 1))) {
				set_furniture(p, i, l->f.masthead ? FURN_MASTHEAD : FURN_SECTION,
				              l->f.masthead
				                      ? "a paper's name next to page furniture"
				                      : "a section name next to page furniture");
				changed = 1;
			}
		}
	}
}

/* The same line twice in a row is the extractor's doing. */
static void mark_duplicates(struct page *p)
{
	size_t i;

	for (i = 1; i < PAGE_N(p); i++) {
		const struct page_line *a = PAGE_AT(p, i - 1), *b = PAGE_AT(p, i);

		if (b->role == ROLE_NONE && a->len == b->len &&
		    b->f.nchars >= DUPLICATE_MIN_CHARS && memcmp(a->s, b->s, a->len) == 0)
			set_furniture(p, i, FURN_DUPLICATE, "the line before printed again");
	}
}

/* Footers: after the last line of running text, short lines that are not
 * bylines, credits or box labels. */
static void mark_footer(struct page *p)
{
	size_t i = PAGE_N(p), last = SIZE_MAX;

	while (i-- > 0) {
		const struct page_line *l = PAGE_AT(p, i);

		if (l->role != ROLE_NONE || l->f.byline || l->f.credit || l->f.symbols_only)
			continue;
		if (l->f.end == FEAT_CLOSED || l->f.nchars > FOOTER_MAX_CHARS || l->f.box_hint ||
		    l->f.dateline_len || l->f.inner_end) {
			last = i;
			break;
		}
	}
	if (last == SIZE_MAX)
		return;
	for (i = last + 1; i < PAGE_N(p); i++) {
		const struct page_line *l = PAGE_AT(p, i);

		if (l->role == ROLE_NONE && !l->f.byline && !l->f.credit && !l->f.symbols_only &&
		    !l->f.bracketed && l->f.end != FEAT_COLON)
			set_furniture(p, i, FURN_FOOTER, "after the last article: a footer");
	}
}

/* Header lines that may be found glued to a paragraph: distinct furniture
 * lines of the page header kinds, at most GLUE_MAX of them. */
#define GLUE_MAX 16

struct glue {
	const struct page_line *head[GLUE_MAX];
	size_t n;
};

static void collect_headers(const struct page *p, struct glue *g)
{
	size_t i, k;

	g->n = 0;
	for (i = 0; i < PAGE_N(p) && g->n < GLUE_MAX; i++) {
		const struct page_line *h = PAGE_AT(p, i);

		if (!is_furniture(p, i) || h->len < 6 || h->furn == FURN_FOOTER ||
		    h->furn == FURN_PAGE_NUMBER || h->furn == FURN_DUPLICATE)
			continue;
		for (k = 0; k < g->n; k++)
			if (g->head[k]->len == h->len && memcmp(g->head[k]->s, h->s, h->len) == 0)
				break;
		if (k == g->n)
			g->head[g->n++] = h;
	}
}

/* The longest header line of the page that s starts with, followed by a space:
 * its bytes with the spaces after it, or 0. */
static size_t known_head(const struct glue *g, const char *s, size_t len)
{
	size_t k, n, best = 0;

	for (k = 0; k < g->n; k++) {
		const struct page_line *h = g->head[k];

		if (h->len > best && h->len < len && memcmp(s, h->s, h->len) == 0 &&
		    lines_is_space((unsigned char)s[h->len]))
			best = h->len;
	}
	for (n = best; n && n < len && lines_is_space((unsigned char)s[n]); n++)
		;
	return n;
}

/* Where a page header glued to the first words of a paragraph ends, or 0:
 * header lines found elsewhere on the page and header tokens, one after the
 * other ("城西日报 2024年6月3日 星期一 这张长桌…"). */
static size_t glued_prefix(const struct page *p, const struct glue *g, const struct page_line *l)
{
	size_t at = 0, n;

	if (l->role != ROLE_NONE || l->f.nchars <= PLACE_MAX_CHARS)
		return 0;
	for (;;) {
		n = known_head(g, l->s + at, l->len - at);
		if (!n)
			n = feat_header_prefix(l->s + at, l->len - at, p->hints);
		if (!n || at + n >= l->len)
			return at;
		at += n;
	}
}

static int push_copy(struct buf *out, const struct page_line *l, struct page_line **copy)
{
	*copy = VEC_PUSH(out, struct page_line);
	if (!*copy)
		return TB_E_NOMEM;
	**copy = *l;
	return 0;
}

/* Cuts glued headers off into pieces of their own (a new lines vector). */
static int split_glued(struct page *p)
{
	struct buf out = BUF_INIT;
	struct glue g;
	size_t i, n, cut = 0;
	int rc = 0;

	collect_headers(p, &g);
	for (i = 0; i < PAGE_N(p); i++)
		cut += glued_prefix(p, &g, PAGE_AT(p, i)) > 0;
	if (!cut)
		return 0;
	for (i = 0; !rc && i < PAGE_N(p); i++) {
		const struct page_line *l = PAGE_AT(p, i);
		struct page_line *a, *b;

		n = glued_prefix(p, &g, l);
		if ((rc = push_copy(&out, l, &a)) != 0 || !n)
			continue;
		a->len = n;
		while (a->len > 0 && lines_is_space((unsigned char)a->s[a->len - 1]))
			a->len--;
		a->printed_len = a->len;
		feat_compute(a->s, a->len, p->hints, &a->f);
		a->role = ROLE_FURNITURE;
		a->furn = FURN_RUNNING;
		a->jump_end = 0;
		snprintf(a->why, sizeof(a->why), "a page header glued to the text after it");
		if ((rc = push_copy(&out, l, &b)) != 0)
			break;
		b->s += n;
		b->len -= n;
		b->printed = b->s;
		b->printed_len = b->len;
		b->gap = 0;
		feat_compute(b->s, b->len, p->hints, &b->f);
	}
	if (rc) {
		buf_release(&out);
		return rc;
	}
	buf_release(&p->lines);
	p->lines = out;
	return 0;
}

static void mark_sections(struct page *p)
{
	size_t i;

	for (i = 0; i < PAGE_N(p); i++)
		if (lines_starts_with(PAGE_AT(p, i)->s, PAGE_AT(p, i)->len, "##"))
			page_set(p, i, ROLE_SECTION, "a section line (## name)");
}

int furniture_find(struct page *p)
{
	int rc;

	mark_sections(p);
	mark_own_evidence(p);
	if ((rc = mark_repeats(p)) != 0)
		return rc;
	mark_top_header(p);
	mark_neighbours(p);
	if ((rc = split_glued(p)) != 0)
		return rc;
	mark_duplicates(p);
	mark_footer(p);
	return 0;
}
