#include "layout/layout.h"

#include "layout/furniture.h"
#include "layout/headline.h"
#include "layout/hints.h"
#include "layout/lines.h"
#include "layout/page.h"
#include "layout/repair.h"
#include "layout/roles.h"
#include "layout/sentence.h"

#include <stdio.h>
#include <string.h>

/* A photo story: a title, a few short captions, a credit. */
#define PHOTO_MAX_CAPTIONS 3
#define CAPTION_MAX_CHARS  200

/* A summary box kept for the article's heading: its label and its text. */
struct marker {
	size_t sec, art;
	const char *label; /* NULL for an unlabelled box */
	size_t label_len;
	const char *text;
	size_t text_len;
};

struct ctx {
	struct doc *d;
	struct page *p;
	const struct layout_hints *h;
	const struct layout_opts *opts;
	const char *source;
	size_t first_sec; /* the first section this call added */
	size_t sec;       /* current section index */
	int have_sec;
	size_t art; /* current article index in the current section */
	int have_art;
	int briefs;          /* the current article is a cluster of briefs */
	int boxed;           /* a box stood after the current article's body */
	const char *subhead; /* pending subhead for the next paragraph */
	size_t subhead_len;
	size_t narticles;
	size_t last_sec, last_art; /* the latest article, when narticles > 0 */
	struct buf markers;        /* vec of struct marker */
	struct buf pending;        /* vec of size_t: boxes read after the current body */
	struct buf waiting;        /* vec of size_t: ornaments, pull quotes before any article */
	struct buf taken;          /* one byte per box: already placed */
};

#define N(c)     PAGE_N((c)->p)
#define LN(c, i) PAGE_AT((c)->p, i)

static struct doc_section *cur_section(struct ctx *c)
{
	return DOC_SECTION(c->d, c->sec);
}

static struct doc_article *cur_article(struct ctx *c)
{
	return c->have_art ? DOC_ARTICLE(cur_section(c), c->art) : NULL;
}

static char *dup(struct ctx *c, const char *s, size_t len)
{
	return arena_strndup(&c->d->arena, s, len);
}

static void what(struct ctx *c, size_t i, const char *role)
{
	if (!LN(c, i)->what)
		LN(c, i)->what = role;
}

static int append_field(struct ctx *c, char **field, const char *s, size_t len, const char *sep)
{
	size_t old = *field ? strlen(*field) : 0, sl = strlen(sep);
	char *n = arena_alloc(&c->d->arena, old + sl + len + 1);

	if (!n)
		return TB_E_NOMEM;
	if (old) {
		memcpy(n, *field, old);
		memcpy(n + old, sep, sl);
		old += sl;
	}
	memcpy(n + old, s, len);
	n[old + len] = '\0';
	*field = n;
	return 0;
}

/* ---- sentences ---------------------------------------------------------- */

/* Bytes at the start of a paragraph that are printed but not read: a bullet
 * or caption arrow, then a dateline. */
static size_t unread_prefix(struct ctx *c, const char *s, size_t len, size_t *dateline)
{
	uint32_t b;
	size_t n = feat_bullet_len(s, len, &b);

	*dateline = feat_dateline_len(s + n, len - n, c->h);
	return n + *dateline;
}

static int add_sentences(struct ctx *c, struct buf *vec, const char *s, size_t len, size_t unread)
{
	struct buf spans = BUF_INIT;
	size_t k;
	int rc = sent_split(s, len, &spans);

	for (k = 0; !rc && k < VEC_LEN(&spans, struct sent_span); k++) {
		struct sent_span *sp = &VEC_AT(&spans, struct sent_span, k);
		struct doc_sentence *ds = doc_add_sentence(c->d, vec, s + sp->off, sp->len);

		if (!ds) {
			rc = TB_E_NOMEM;
			break;
		}
		/* The dateline and bullet are printed, not read: `spoken` leaves them out. */
		if (unread > sp->off && k == 0) {
			const char *rest = s + unread;
			size_t rl = unread < sp->off + sp->len ? sp->off + sp->len - unread : 0;

			lines_trim(&rest, &rl);
			if (rl == 0)
				continue; /* nothing but the dateline: read it as printed */
			ds->spoken = dup(c, rest, rl);
			if (!ds->spoken)
				rc = TB_E_NOMEM;
		}
	}
	buf_release(&spans);
	return rc;
}

/* ---- sections and articles ---------------------------------------------- */

static int new_section(struct ctx *c, const char *name, size_t name_len);
static int close_article(struct ctx *c);

static int ensure_section(struct ctx *c)
{
	return c->have_sec ? 0 : new_section(c, NULL, 0);
}

static int new_section(struct ctx *c, const char *name, size_t name_len)
{
	struct doc_section *s;
	int rc;

	if ((rc = close_article(c)) != 0)
		return rc;
	s = doc_add_section(c->d);
	if (!s)
		return TB_E_NOMEM;
	if (c->source) {
		s->source = arena_strdup(&c->d->arena, c->source);
		if (!s->source)
			return TB_E_NOMEM;
	}
	c->sec = DOC_NSECTIONS(c->d) - 1;
	c->have_sec = 1;
	c->have_art = 0;
	c->briefs = 0;
	if (name) {
		s->title = dup(c, name, name_len);
		if (!s->title)
			return TB_E_NOMEM;
	}
	return 0;
}

static int add_pull(struct ctx *c, struct doc_article *a, size_t i)
{
	what(c, i, "pull quote (not read)");
	return doc_add_pull_quote(c->d, a, LN(c, i)->s, LN(c, i)->len);
}

static int add_ornament(struct ctx *c, struct doc_article *a, size_t i)
{
	what(c, i, "ornament (kept with the bylines)");
	return doc_add_byline(c->d, a, LN(c, i)->s, LN(c, i)->len) ? TB_E_NOMEM : 0;
}

/* Ornaments and pull quotes seen before any article go with the first one. */
static int flush_waiting(struct ctx *c, struct doc_article *a)
{
	size_t k;
	int rc = 0;

	for (k = 0; !rc && k < VEC_LEN(&c->waiting, size_t); k++) {
		size_t i = VEC_AT(&c->waiting, size_t, k);

		rc = LN(c, i)->role == ROLE_PULLQUOTE ? add_pull(c, a, i) : add_ornament(c, a, i);
	}
	buf_reset(&c->waiting);
	return rc;
}

static int new_article(struct ctx *c)
{
	int rc;

	if ((rc = ensure_section(c)) != 0 || (rc = close_article(c)) != 0)
		return rc;
	if (!doc_add_article(c->d, cur_section(c)))
		return TB_E_NOMEM;
	c->art = DOC_NARTICLES(cur_section(c)) - 1;
	c->have_art = 1;
	c->briefs = 0;
	c->boxed = 0;
	c->narticles++;
	c->last_sec = c->sec;
	c->last_art = c->art;
	return flush_waiting(c, cur_article(c));
}

static int ensure_article(struct ctx *c)
{
	return c->have_art ? 0 : new_article(c);
}

/* ---- paragraphs and subheads -------------------------------------------- */

/* A letter-spaced heading ("展 望") as read: without the spaces. */
static char *dup_unspaced(struct ctx *c, const char *s, size_t len)
{
	struct feat f;
	char key[256];
	size_t n;

	feat_compute(s, len, c->h, &f);
	if (!f.letter_spaced || (n = feat_key(s, len, key, sizeof(key))) == 0)
		return dup(c, s, len);
	return dup(c, key, n);
}

/* The subhead as read: without a bullet ("■") printed before it or the
 * brackets of a brief's title ("【…】"). */
static char *subhead_as_read(struct ctx *c, const char *s, size_t len)
{
	uint32_t b;
	size_t n = feat_bullet_len(s, len, &b), st;

	s += n;
	len -= n;
	lines_trim(&s, &len);
	if (lines_starts_with(s, len, "【") && lines_last(s, len, &st) == 0x3011 && len > 6) {
		s += 3;
		len = st - 3;
		lines_trim(&s, &len);
	}
	return dup_unspaced(c, s, len);
}

static int set_subhead(struct ctx *c, struct doc_paragraph *p)
{
	p->subhead = dup(c, c->subhead, c->subhead_len);
	p->subhead_sentence.text = subhead_as_read(c, c->subhead, c->subhead_len);
	c->subhead = NULL;
	return p->subhead && p->subhead_sentence.text ? 0 : TB_E_NOMEM;
}

static int flush_subhead(struct ctx *c)
{
	struct doc_paragraph *p;

	if (!c->subhead || !c->have_art)
		return 0;
	p = doc_add_paragraph(cur_article(c));
	return p ? set_subhead(c, p) : TB_E_NOMEM;
}

static int add_paragraph(struct ctx *c, const char *s, size_t len, size_t aside)
{
	struct doc_paragraph *p = doc_add_paragraph(cur_article(c));
	size_t dateline;
	int rc;

	if (!p)
		return TB_E_NOMEM;
	p->aside = aside;
	if (c->subhead && (rc = set_subhead(c, p)) != 0)
		return rc;
	return add_sentences(c, &p->sentences, s, len, unread_prefix(c, s, len, &dateline));
}

static int add_body(struct ctx *c, size_t i)
{
	const struct page_line *l = LN(c, i);
	struct doc_article *a;
	size_t dl = 0;
	uint32_t b;

	dl = feat_dateline_len(l->s + feat_bullet_len(l->s, l->len, &b),
	                       l->len - feat_bullet_len(l->s, l->len, &b), c->h);
	/* A dateline always opens a story: one printed without a headline before it
	 * still starts a new article (with no title), but in a cluster of briefs. */
	if (dl && c->have_art && !c->briefs &&
	    (DOC_NPARAS(cur_article(c)) > 0 || cur_article(c)->dateline)) {
		int rc = new_article(c);

		if (rc)
			return rc;
	}
	if (!c->have_art && new_article(c))
		return TB_E_NOMEM;
	a = cur_article(c);
	what(c, i, c->briefs ? "brief" : "body");
	if (dl && !c->briefs && DOC_NPARAS(a) == 0 && !a->dateline &&
	    !feat_bullet_len(l->s, l->len, &b)) {
		const char *ds = l->s;
		size_t dlen = dl;

		lines_trim(&ds, &dlen);
		a->dateline = dup(c, ds, dlen);
		if (!a->dateline)
			return TB_E_NOMEM;
	}
	return add_paragraph(c, l->s, l->len, 0);
}

/* ---- boxes -------------------------------------------------------------- */

static int box_taken(struct ctx *c, size_t b)
{
	return b < c->taken.len && c->taken.data[b];
}

static int mark_taken(struct ctx *c, size_t b)
{
	while (c->taken.len <= b)
		if (buf_addc(&c->taken, 0))
			return TB_E_NOMEM;
	c->taken.data[b] = 1;
	return 0;
}

/* The label of box b as printed ("编者按:" of a line with its text), or NULL. */
static const char *box_label(struct ctx *c, const struct page_boxrec *bx, size_t *len)
{
	const struct page_line *l;

	*len = 0;
	if (bx->label == SIZE_MAX) {
		l = LN(c, bx->first);
		/* a caption marked "上图：" has the mark as its label */
		if (bx->kind == BOX_CAPTION && l->f.caption_len && !l->f.bullet_len) {
			*len = l->f.caption_len;
			return l->s;
		}
		return NULL;
	}
	l = LN(c, bx->label);
	*len = l->f.mark_len ? l->f.mark_len : l->len;
	return l->s;
}

/* The text lines of a box: what is left of the label's line, then its lines
 * that are text; each as (s, len), calling fn. */
typedef int (*box_text_fn)(struct ctx *c, size_t line, const char *s, size_t len, void *arg);

static int each_box_text(struct ctx *c, size_t b, box_text_fn fn, void *arg)
{
	const struct page_boxrec *bx = PAGE_BOX(c->p, b);
	size_t k, llen;
	int rc = 0;

	box_label(c, bx, &llen);
	for (k = bx->first; !rc && k < bx->end; k++) {
		const struct page_line *l = LN(c, k);
		const char *s = l->s;
		size_t len = l->len;

		if (l->dead || l->box != b + 1 ||
		    (l->role != ROLE_BODY && l->role != ROLE_SHORT && l->role != ROLE_BOXLABEL))
			continue;
		if (k == bx->first && llen) {
			if (k == bx->label && !l->f.mark_len)
				continue;
			s += llen;
			len -= llen;
			lines_trim(&s, &len);
			if (!len)
				continue;
		}
		rc = fn(c, k, s, len, arg);
	}
	return rc;
}

struct joined {
	struct buf *b;
	const char *sep;
};

static int join_text(struct ctx *c, size_t line, const char *s, size_t len, void *arg)
{
	struct joined *j = arg;

	(void)c;
	(void)line;
	if ((j->b->len && buf_adds(j->b, j->sep)) || buf_add(j->b, s, len))
		return TB_E_NOMEM;
	return 0;
}

/* Furniture, pull quotes and credits inside a box go where they belong. */
static int take_box_extras(struct ctx *c, size_t b)
{
	const struct page_boxrec *bx = PAGE_BOX(c->p, b);
	struct doc_article *a = cur_article(c);
	size_t k;
	int rc = 0;

	for (k = bx->first; !rc && k < bx->end; k++) {
		const struct page_line *l = LN(c, k);

		if (l->dead || l->box != b + 1)
			continue;
		if (l->role == ROLE_FURNITURE) {
			what(c, k, "furniture");
			rc = doc_add_note(c->d, cur_section(c), l->s, l->len,
			                  furniture_kind_name(l->furn));
		} else if (l->role == ROLE_PULLQUOTE) {
			rc = add_pull(c, a, k);
		} else if (l->role == ROLE_CREDIT || l->role == ROLE_BYLINE) {
			what(c, k, "credit of a box or caption");
			rc = doc_add_byline(c->d, a, l->s, l->len) ? TB_E_NOMEM : 0;
		} else if (l->role == ROLE_ORNAMENT) {
			rc = add_ornament(c, a, k);
		}
	}
	return rc;
}

static int summary_line(struct ctx *c, size_t line, const char *s, size_t len, void *arg)
{
	(void)s;
	(void)len;
	(void)arg;
	what(c, line, "summary box text (read before the body)");
	return 0;
}

static int add_summary(struct ctx *c, size_t b)
{
	const struct page_boxrec *bx = PAGE_BOX(c->p, b);
	struct doc_article *a = cur_article(c);
	struct buf text = BUF_INIT;
	struct joined j = {&text, ""};
	struct marker *m;
	size_t llen;
	const char *label = box_label(c, bx, &llen);
	int rc = each_box_text(c, b, join_text, &j);

	if (!rc)
		rc = each_box_text(c, b, summary_line, NULL);
	if (!rc && text.len)
		rc = append_field(c, &a->summary, text.data, text.len, "");
	m = rc ? NULL : VEC_PUSH(&c->markers, struct marker);
	if (!rc && !m)
		rc = TB_E_NOMEM;
	if (m) {
		m->sec = c->sec;
		m->art = c->art;
		m->label = label;
		m->label_len = llen;
		m->text = text.len ? dup(c, text.data, text.len) : NULL;
		m->text_len = text.len;
		if (text.len && !m->text)
			rc = TB_E_NOMEM;
	}
	if (bx->label != SIZE_MAX)
		what(c, bx->label, "box label (summary, read before the body)");
	buf_release(&text);
	return rc ? rc : take_box_extras(c, b);
}

/* A line of digits and unit ("46家") with its caption line ("入驻企业") after it:
 * one entry of a figure box. */
static int figure_pair(struct ctx *c, size_t k, size_t next)
{
	const struct page_line *a = LN(c, k), *b = LN(c, next);

	return a->role == ROLE_SHORT && b->role == ROLE_SHORT && a->f.ndigits > 0 &&
	       b->f.ndigits == 0 && a->box == b->box;
}

struct aside_ctx {
	size_t aside; /* 1-based */
	size_t held;  /* a figure line waiting for its caption line, or SIZE_MAX */
};

static int aside_line(struct ctx *c, size_t line, const char *s, size_t len, void *arg)
{
	struct aside_ctx *x = arg;
	size_t next = page_next(c->p, line);
	int rc;

	what(c, line, "aside text (read after the body)");
	if (x->held != SIZE_MAX) {
		struct buf both = BUF_INIT;
		const struct page_line *h = LN(c, x->held);

		x->held = SIZE_MAX;
		rc = buf_add(&both, h->s, h->len) || buf_addc(&both, ' ') || buf_add(&both, s, len)
		             ? TB_E_NOMEM
		             : add_paragraph(c, both.data, both.len, x->aside);
		buf_release(&both);
		return rc;
	}
	if (next < N(c) && figure_pair(c, line, next)) {
		x->held = line;
		return 0;
	}
	return add_paragraph(c, s, len, x->aside);
}

/* A box's label as listed: without the colon printed after it. */
static char *dup_label(struct ctx *c, const char *s, size_t len)
{
	size_t st;
	uint32_t last;

	lines_trim(&s, &len);
	while (len > 0) {
		last = lines_last(s, len, &st);
		if (last != ':' && last != 0xFF1A && !lines_is_space(last))
			break;
		len = st;
	}
	return dup(c, s, len);
}

/* Reads a box after the body: an aside with its label as the first subhead. */
static int add_aside(struct ctx *c, size_t b)
{
	const struct page_boxrec *bx = PAGE_BOX(c->p, b);
	struct doc_article *a = cur_article(c);
	struct doc_aside *as;
	struct buf text = BUF_INIT;
	struct joined j = {&text, "\n"};
	struct aside_ctx x;
	size_t llen;
	const char *label = box_label(c, bx, &llen);
	int rc;

	if ((rc = flush_subhead(c)) != 0)
		return rc;
	rc = each_box_text(c, b, join_text, &j);
	as = rc ? NULL : VEC_PUSH(&a->asides, struct doc_aside);
	if (!rc && !as)
		rc = TB_E_NOMEM;
	if (as) {
		as->kind = bx->kind == BOX_CAPTION ? "caption" : "box";
		as->label = label ? dup_label(c, label, llen) : NULL;
		as->text = dup(c, text.data ? text.data : "", text.len);
		if ((label && !as->label) || !as->text)
			rc = TB_E_NOMEM;
	}
	buf_release(&text);
	if (rc)
		return rc;
	if (label) {
		const char *ls = label;
		size_t ll = llen;

		lines_trim(&ls, &ll);
		c->subhead = ls;
		c->subhead_len = ll;
		if (bx->label != SIZE_MAX)
			what(c, bx->label, "box label (aside, read after the body)");
	}
	x.aside = DOC_NASIDES(a);
	x.held = SIZE_MAX;
	rc = each_box_text(c, b, aside_line, &x);
	if (!rc && c->subhead) { /* a label with no text under it */
		struct doc_paragraph *p = doc_add_paragraph(a);

		rc = p ? set_subhead(c, p) : TB_E_NOMEM;
		if (p)
			p->aside = x.aside;
	}
	return rc ? rc : take_box_extras(c, b);
}

static int close_article(struct ctx *c)
{
	size_t k;
	int rc = 0;

	if (!c->have_art)
		return 0;
	rc = flush_subhead(c);
	for (k = 0; !rc && k < VEC_LEN(&c->pending, size_t); k++)
		rc = add_aside(c, VEC_AT(&c->pending, size_t, k));
	buf_reset(&c->pending);
	return rc;
}

static int is_text_role(const struct page_line *l)
{
	return l->role == ROLE_BODY || l->role == ROLE_SHORT;
}

static int is_dateline_body(struct ctx *c, size_t i)
{
	return i < N(c) && LN(c, i)->role == ROLE_BODY && LN(c, i)->f.dateline_len;
}

static size_t run_end(struct ctx *c, size_t i);
static int run_starts_article(struct ctx *c, size_t i, size_t r);

/* A heading run at i that a box's text must stop at: it has a byline, a
 * dateline or a photo credit under it. */
static int headline_ahead(struct ctx *c, size_t i)
{
	size_t r = run_end(c, i), n = r < N(c) ? (LN(c, r)->dead ? page_next(c->p, r) : r) : r, k;

	if (n >= N(c))
		return 0;
	if (LN(c, n)->role == ROLE_BYLINE || LN(c, n)->role == ROLE_CREDIT ||
	    is_dateline_body(c, n))
		return 1;
	for (k = 0; k < PHOTO_MAX_CAPTIONS && n < N(c) && LN(c, n)->role == ROLE_BODY; k++) {
		n = page_next(c->p, n);
		if (n < N(c) && LN(c, n)->role == ROLE_CREDIT)
			return 1;
	}
	return 0;
}

/* How far a box whose label stands at i (not dropped into a sentence) goes:
 * a summary holds the one text after its label; an aside the text after it up
 * to the next headline, byline or box. */
static size_t box_extent(struct ctx *c, size_t i, enum page_box kind)
{
	size_t k = i + 1, last = i + 1, texts = 0;
	int first_short = -1;

	if (LN(c, i)->f.mark_len)
		return i + 1;
	for (; k < N(c); k++) {
		const struct page_line *l = LN(c, k);

		if (l->dead || l->role == ROLE_FURNITURE || l->role == ROLE_PULLQUOTE)
			continue;
		if (!is_text_role(l) || l->box || roles_box_label_shape(c->p, k) ||
		    l->f.bullet_len || l->f.dateline_len)
			break;
		if (kind == BOX_SUMMARY && texts == 1)
			break;
		if (l->role == ROLE_SHORT) {
			if (first_short == 0 || headline_ahead(c, k))
				break; /* a heading after the box's sentences */
		}
		if (first_short < 0)
			first_short = l->role == ROLE_SHORT;
		texts++;
		last = k + 1;
	}
	return last;
}

/* The box kind a label stands for, where it stands. */
static enum page_box label_kind(struct ctx *c, size_t i)
{
	const struct feat *f = &LN(c, i)->f;
	struct doc_article *a = cur_article(c);

	if (f->box_hint == FEAT_BOX_SUMMARY)
		return BOX_SUMMARY;
	if (f->box_hint == FEAT_BOX_ASIDE)
		return BOX_ASIDE;
	/* a box before the body is a summary */
	return !a || (DOC_NPARAS(a) == 0 && !a->dateline) ? BOX_SUMMARY : BOX_ASIDE;
}

static int build_header(struct ctx *c, size_t i, size_t r);

/* A summary box between articles, right before the next one's headline,
 * belongs to that article: open it now. */
static int place_summary(struct ctx *c, const struct page_boxrec *bx, size_t *skip_to)
{
	size_t after = page_next(c->p, bx->end - 1), before = page_prev(c->p, bx->first);
	int closed_before = before == SIZE_MAX ||
	                    lines_ends_closed(LN(c, before)->s, LN(c, before)->len) ||
	                    !is_text_role(LN(c, before));

	*skip_to = SIZE_MAX;
	if (bx->interrupts)
		return ensure_article(c);
	if (after < N(c) && LN(c, after)->role == ROLE_SHORT && !LN(c, after)->box &&
	    !LN(c, after)->f.bullet_len && closed_before &&
	    (!c->have_art || run_starts_article(c, after, run_end(c, after)))) {
		size_t r = run_end(c, after);
		int rc = build_header(c, after, r);

		*skip_to = r;
		return rc;
	}
	return ensure_article(c);
}

/* Places box b (its first line reached): a summary now, an aside after the body. */
static int take_box(struct ctx *c, size_t b, size_t *resume)
{
	const struct page_boxrec *bx = PAGE_BOX(c->p, b);
	size_t skip_to = SIZE_MAX;
	int rc;

	*resume = SIZE_MAX;
	if ((rc = mark_taken(c, b)) != 0)
		return rc;
	if (bx->kind == BOX_SUMMARY) {
		if ((rc = place_summary(c, bx, &skip_to)) != 0)
			return rc;
		rc = add_summary(c, b);
		*resume = skip_to;
		return rc;
	}
	if ((rc = ensure_article(c)) != 0)
		return rc;
	if (!bx->interrupts && DOC_NPARAS(cur_article(c)) > 0)
		c->boxed = 1;
	{
		size_t *slot = VEC_PUSH(&c->pending, size_t);

		if (!slot)
			return TB_E_NOMEM;
		*slot = b;
	}
	return 0;
}

static int open_box_at_label(struct ctx *c, size_t i, size_t *resume)
{
	enum page_box kind = label_kind(c, i);
	size_t id = page_add_box(c->p, kind, i, i, box_extent(c, i, kind), 0);

	if (!id)
		return TB_E_NOMEM;
	return take_box(c, id - 1, resume);
}

/* ---- headlines ---------------------------------------------------------- */

static size_t run_end(struct ctx *c, size_t i)
{
	size_t r = i + 1;

	while (r < N(c)) {
		const struct page_line *l = LN(c, r);

		if (l->dead || l->role == ROLE_FURNITURE) {
			r++;
			continue;
		}
		if (l->role != ROLE_SHORT || l->box || l->f.bullet_len ||
		    roles_box_label_shape(c->p, r))
			break;
		r++;
	}
	/* furniture at the end of the run is not part of it */
	while (r > i + 1 && (LN(c, r - 1)->dead || LN(c, r - 1)->role == ROLE_FURNITURE))
		r--;
	return r;
}

/* A line marked ▲ is a photo caption when a credit follows it (maybe after the
 * photo's title); else the arrow marks a brief like any bullet. */
static int arrow_caption(struct ctx *c, size_t i)
{
	size_t n = page_next(c->p, i), m;

	if (!LN(c, i)->f.caption || !LN(c, i)->f.bullet_len || n >= N(c))
		return 0;
	if (LN(c, n)->role == ROLE_CREDIT)
		return 1;
	m = page_next(c->p, n);
	return LN(c, n)->role == ROLE_SHORT && m < N(c) && LN(c, m)->role == ROLE_CREDIT;
}

static int is_item(struct ctx *c, size_t i)
{
	const struct page_line *l;

	if (i >= N(c))
		return 0;
	l = LN(c, i);
	if (l->box)
		return 0;
	return l->f.item_title_len || (l->f.bullet_len && !arrow_caption(c, i));
}

static int live_in_run(struct ctx *c, size_t i, size_t r)
{
	size_t k, n = 0;

	for (k = i; k < r; k++)
		n += !LN(c, k)->dead && LN(c, k)->role == ROLE_SHORT;
	return (int)n;
}

/* The text from line n on ends with a signature in brackets ("(记者 某某)", not
 * a note on the author) while the current article is already signed: it is
 * another story. */
static int signed_below(struct ctx *c, size_t n)
{
	struct doc_article *a = cur_article(c);
	const struct page_line *l;

	if (!a || (DOC_NBYLINES(a) == 0 && !a->dateline))
		return 0;
	while (n < N(c) && LN(c, n)->role == ROLE_BODY && !LN(c, n)->box)
		n = page_next(c->p, n);
	if (n >= N(c))
		return 0;
	l = LN(c, n);
	return l->role == ROLE_BYLINE && l->f.signature;
}

/* Whether the run of heading-like lines [i, r) opens a new article rather
 * than being a subhead of the current one. */
static int run_starts_article(struct ctx *c, size_t i, size_t r)
{
	size_t k, n, m;

	if (!c->have_art || c->briefs || c->boxed)
		return 1; /* nothing but a new story follows a box placed after a body */
	for (k = i; k < r; k++)
		if (!LN(c, k)->dead && LN(c, k)->role == ROLE_SHORT && LN(c, k)->f.end == FEAT_DASH)
			return 1;
	if (live_in_run(c, i, r) >= 2)
		return 1; /* title and subtitle, or label and title */
	/* More blank lines than usual on this page set stories apart. */
	if (LN(c, i)->f.label_word || LN(c, i)->f.bracketed || LN(c, i)->gap > c->p->usual_gap)
		return 1;
	n = page_next(c->p, r - 1);
	if (n >= N(c))
		return 0;
	if (LN(c, n)->role == ROLE_BYLINE || LN(c, n)->role == ROLE_CREDIT ||
	    is_dateline_body(c, n))
		return 1;
	if (is_item(c, n) && LN(c, i)->f.briefs_hint)
		return 1; /* the heading of a cluster of briefs */
	if (LN(c, n)->role == ROLE_BOXLABEL && LN(c, n)->f.box_hint == FEAT_BOX_SUMMARY)
		return 1;
	if (signed_below(c, n))
		return 1;
	/* A photo: title, one or a few short captions, credit. */
	for (k = 0; k < PHOTO_MAX_CAPTIONS && n < N(c); k++) {
		if (LN(c, n)->role != ROLE_BODY || LN(c, n)->f.nchars > CAPTION_MAX_CHARS)
			return 0;
		m = page_next(c->p, n);
		if (m < N(c) && LN(c, m)->role == ROLE_CREDIT)
			return 1;
		n = m;
	}
	return 0;
}

static int build_header(struct ctx *c, size_t i, size_t r)
{
	enum headline_part part[16];
	size_t idx[16], n = 0, k;
	struct doc_article *a;
	int rc = new_article(c);

	for (k = i; !rc && k < r; k++) {
		const struct page_line *l = LN(c, k);

		if (l->dead)
			continue;
		if (l->role == ROLE_FURNITURE) {
			what(c, k, "furniture");
			rc = doc_add_note(c->d, cur_section(c), l->s, l->len,
			                  furniture_kind_name(l->furn));
		} else if (n < sizeof(idx) / sizeof(idx[0])) {
			idx[n++] = k;
		} else {
			rc = add_body(c, k); /* a headline has fewer lines than that */
		}
	}
	if (rc)
		return rc;
	headline_parse(c->p, idx, n, part);
	a = cur_article(c);
	for (k = 0; !rc && k < n; k++) {
		const struct page_line *l = LN(c, idx[k]);
		what(c, idx[k], headline_part_name(part[k]));
		switch (part[k]) {
		case HL_LABEL:
			rc = append_field(c, &a->label, l->s, l->len, " ");
			break;
		case HL_KICKER:
			rc = append_field(c, &a->kicker, l->s, l->len, "");
			break;
		case HL_TITLE:
			rc = append_field(c, &a->title, l->s, l->len, "");
			break;
		case HL_SUBTITLE:
			rc = append_field(c, &a->subtitle, l->s, l->len, " ");
			break;
		case HL_BYLINE:
			rc = doc_add_byline(c->d, a, l->s, l->len) ? TB_E_NOMEM : 0;
			break;
		case HL_BODY:
			rc = add_body(c, idx[k]);
			break;
		}
	}
	return rc;
}

/* ---- briefs ------------------------------------------------------------- */

/* A cluster of briefs printed without a heading gets the hints' title. */
static int new_briefs(struct ctx *c)
{
	struct doc_article *a;
	int rc = new_article(c);

	if (rc)
		return rc;
	a = cur_article(c);
	a->title = arena_strdup(&c->d->arena, c->h->briefs_title);
	a->title_generated = 1;
	c->briefs = 1;
	return a->title ? 0 : TB_E_NOMEM;
}

/* The current article is only a heading so far: its briefs follow. */
static int heading_only(struct ctx *c)
{
	struct doc_article *a = cur_article(c);

	return a && DOC_NPARAS(a) == 0 && !a->dateline && DOC_NBYLINES(a) == 0 && !c->subhead;
}

/* "【标题】本报讯(…)…": an item that is a story of its own. */
static int item_has_dateline(struct ctx *c, size_t i)
{
	const struct page_line *l = LN(c, i);
	size_t t = l->f.item_title_len;

	return t && feat_dateline_len(l->s + t, l->len - t, c->h) > 0;
}

/* Starts or continues a cluster of briefs for an item at line i; 0 when the
 * item is a subhead or paragraph of the current article instead. */
static int enter_briefs(struct ctx *c, size_t i)
{
	size_t n;

	if (c->briefs)
		return 1;
	if (!c->have_art)
		return new_briefs(c) ? -1 : 1;
	if (heading_only(c)) {
		c->briefs = 1;
		return 1;
	}
	/* an item with its own dateline after a finished story */
	n = page_next(c->p, i);
	if ((LN(c, i)->role == ROLE_SHORT && is_dateline_body(c, n)) || item_has_dateline(c, i))
		return new_briefs(c) ? -1 : 1;
	return 0;
}

static int take_item_title(struct ctx *c, size_t i)
{
	int rc = flush_subhead(c), in = rc ? -1 : enter_briefs(c, i);

	if (in < 0)
		return TB_E_NOMEM;
	what(c, i, in ? "brief title (sub-chapter)" : "subhead");
	c->subhead = LN(c, i)->s;
	c->subhead_len = LN(c, i)->len;
	return 0;
}

/* "【标题】正文…": the bracketed title is the item's subhead. */
static int take_item(struct ctx *c, size_t i)
{
	const struct page_line *l = LN(c, i);
	int in = enter_briefs(c, i), rc;

	if (in < 0)
		return TB_E_NOMEM;
	if (!in || !l->f.item_title_len) {
		if ((rc = ensure_article(c)) != 0)
			return rc;
		what(c, i, in ? "brief" : "body");
		return add_paragraph(c, l->s, l->len, 0);
	}
	if ((rc = flush_subhead(c)) != 0)
		return rc;
	what(c, i, "brief with its title in 【】");
	c->subhead = l->s;
	c->subhead_len = l->f.item_title_len;
	return add_paragraph(c, l->s + l->f.item_title_len, l->len - l->f.item_title_len, 0);
}

/* ---- captions and credits ----------------------------------------------- */

/* A caption line (图为…, ▲…) or a line a credit follows on the same line. */
static int captionish(struct ctx *c, size_t i)
{
	const struct page_line *l = LN(c, i);
	size_t n = page_next(c->p, i);

	if (l->role != ROLE_BODY || l->box || l->f.nchars > CAPTION_MAX_CHARS)
		return 0;
	if (n < N(c) && LN(c, n)->role == ROLE_CREDIT && LN(c, n)->lineno == l->lineno)
		return 1;
	if (!l->f.caption)
		return 0;
	return !l->f.bullet_len || arrow_caption(c, i); /* 图为, 上图; ▲ before a credit */
}

/* "▲caption / title / credit": a photo printed with its title under the caption. */
static int caption_then_title(struct ctx *c, size_t i, size_t *title)
{
	size_t n = page_next(c->p, i), m;

	if (!LN(c, i)->f.caption || n >= N(c) || LN(c, n)->role != ROLE_SHORT ||
	    LN(c, n)->f.bullet_len)
		return 0;
	m = page_next(c->p, n);
	if (m >= N(c) || LN(c, m)->role != ROLE_CREDIT)
		return 0;
	*title = n;
	return 1;
}

static int take_credit(struct ctx *c, size_t i)
{
	const struct page_line *l = LN(c, i);
	struct doc_article *a;
	int rc = ensure_article(c);

	if (rc)
		return rc;
	a = cur_article(c);
	if (l->role == ROLE_CREDIT && DOC_NPARAS(a) <= PHOTO_MAX_CAPTIONS && DOC_NBYLINES(a) == 0 &&
	    !a->dateline && DOC_NPARAS(a) > 0)
		a->is_photo = 1;
	what(c, i, l->role == ROLE_CREDIT ? "photo credit (not read)" : "byline (not read)");
	return doc_add_byline(c->d, a, l->s, l->len) ? TB_E_NOMEM : 0;
}

/* A caption inside a story with text of its own is read after the body. */
static int take_inline_caption(struct ctx *c, size_t i, size_t *resume)
{
	size_t end = i + 1, id;

	while (end < N(c) && LN(c, end)->role == ROLE_CREDIT && !LN(c, end)->box)
		end++;
	id = page_add_box(c->p, BOX_CAPTION, SIZE_MAX, i, end, 0);
	if (!id)
		return TB_E_NOMEM;
	what(c, i, "caption (read after the body)");
	return take_box(c, id - 1, resume);
}

static int take_body(struct ctx *c, size_t *pi)
{
	size_t i = *pi, t, resume;
	struct doc_article *a = cur_article(c);
	int rc;

	if (is_item(c, i))
		return take_item(c, i);
	if (caption_then_title(c, i, &t)) {
		if ((rc = build_header(c, t, t + 1)) != 0)
			return rc;
		what(c, i, "photo caption");
		rc = add_paragraph(c, LN(c, i)->s, LN(c, i)->len, 0);
		LN(c, t)->dead = 1; /* taken: the credit after it follows */
		LN(c, t)->joined_to = SIZE_MAX;
		return rc;
	}
	if (captionish(c, i) && a && DOC_NPARAS(a) > 0 && !a->is_photo && !c->briefs) {
		return take_inline_caption(c, i, &resume);
	}
	return add_body(c, i);
}

/* ---- the page grammar --------------------------------------------------- */

static int take_short_run(struct ctx *c, size_t *pi)
{
	size_t i = *pi, r, k;
	int rc;

	if (LN(c, i)->f.bullet_len)
		return take_item_title(c, i);
	r = run_end(c, i);
	if (c->have_art && (rc = flush_subhead(c)) != 0)
		return rc;
	if (run_starts_article(c, i, r)) {
		rc = build_header(c, i, r);
		*pi = r - 1;
		if (!rc && r < N(c) && is_item(c, page_next(c->p, r - 1)))
			c->briefs = 1;
		return rc;
	}
	for (k = i, rc = 0; !rc && k < r; k++) {
		if (LN(c, k)->dead)
			continue;
		if (LN(c, k)->role == ROLE_FURNITURE) {
			what(c, k, "furniture");
			rc = doc_add_note(c->d, cur_section(c), LN(c, k)->s, LN(c, k)->len,
			                  furniture_kind_name(LN(c, k)->furn));
			continue;
		}
		if ((rc = flush_subhead(c)) != 0)
			break;
		what(c, k, "subhead");
		c->subhead = LN(c, k)->s;
		c->subhead_len = LN(c, k)->len;
	}
	*pi = r - 1;
	return rc;
}

static int take_section(struct ctx *c, size_t i)
{
	const char *name = LN(c, i)->s;
	size_t nl = LN(c, i)->len;

	while (nl > 0 && *name == '#') {
		name++;
		nl--;
	}
	lines_trim(&name, &nl);
	what(c, i, "section");
	return new_section(c, nl ? name : NULL, nl);
}

static int hold(struct ctx *c, size_t i)
{
	size_t *slot = VEC_PUSH(&c->waiting, size_t);

	if (!slot)
		return TB_E_NOMEM;
	*slot = i;
	return 0;
}

static int take_line(struct ctx *c, size_t *pi)
{
	size_t i = *pi, resume = SIZE_MAX;
	const struct page_line *l = LN(c, i);
	int rc;

	if (l->box) {
		if (box_taken(c, l->box - 1))
			return 0;
		rc = take_box(c, l->box - 1, &resume);
		if (!rc && resume != SIZE_MAX)
			*pi = resume - 1;
		return rc;
	}
	switch (l->role) {
	case ROLE_SECTION:
		return take_section(c, i);
	case ROLE_FURNITURE:
		if ((rc = ensure_section(c)) != 0)
			return rc;
		what(c, i, "furniture");
		return doc_add_note(c->d, cur_section(c), l->s, l->len,
		                    furniture_kind_name(l->furn));
	case ROLE_PULLQUOTE:
		return c->have_art ? add_pull(c, cur_article(c), i) : hold(c, i);
	case ROLE_ORNAMENT:
		return c->have_art ? add_ornament(c, cur_article(c), i) : hold(c, i);
	case ROLE_BOXLABEL:
		rc = open_box_at_label(c, i, &resume);
		if (!rc && resume != SIZE_MAX)
			*pi = resume - 1;
		return rc;
	case ROLE_SHORT:
		return take_short_run(c, pi);
	case ROLE_BYLINE:
	case ROLE_CREDIT:
		return take_credit(c, i);
	default:
		return take_body(c, pi);
	}
}

static int build_tree(struct ctx *c)
{
	size_t i;
	int rc = 0;

	for (i = 0; !rc && i < N(c); i++)
		if (!LN(c, i)->dead)
			rc = take_line(c, &i);
	if (!rc)
		rc = close_article(c);
	/* Ornaments and pull quotes after the last article stay with it. */
	if (!rc && c->narticles)
		rc = flush_waiting(c, DOC_ARTICLE(DOC_SECTION(c->d, c->last_sec), c->last_art));
	return rc;
}

/* ---- headings and names ------------------------------------------------- */

static int add_heading_line(struct ctx *c, struct doc_article *a, const char *s)
{
	size_t len, n;
	uint32_t b;

	if (!s)
		return 0;
	len = strlen(s);
	lines_trim(&s, &len);
	/* Bullets printed before a label or title ("■") are not read. */
	n = feat_bullet_len(s, len, &b);
	s += n;
	len -= n;
	lines_trim(&s, &len);
	if (len == 0)
		return 0;
	s = dup_unspaced(c, s, len);
	return s && doc_add_sentence(c->d, &a->heading, s, strlen(s)) ? 0 : TB_E_NOMEM;
}

/* The kicker is read without its closing dashes or colon. */
static int add_kicker_heading(struct ctx *c, struct doc_article *a)
{
	const char *s = a->kicker;
	size_t len, st;
	uint32_t last;

	if (!s)
		return 0;
	len = strlen(s);
	while (len > 0) {
		last = lines_last(s, len, &st);
		if (last != 0x2014 && last != '-' && last != ':' && last != 0xFF1A &&
		    !lines_is_space(last))
			break;
		len = st;
	}
	if (len == 0)
		return 0;
	return doc_add_sentence(c->d, &a->heading, s, len) ? 0 : TB_E_NOMEM;
}

/* A subtitle printed as "——记某某" is read without the dashes. */
static int add_subtitle_heading(struct ctx *c, struct doc_article *a)
{
	const char *s = a->subtitle;
	size_t len, adv;

	if (!s)
		return 0;
	len = strlen(s);
	while (len > 0 && (lines_decode(s, len, &adv) == 0x2014 || *s == '-' ||
	                   lines_is_space(lines_decode(s, len, &adv)))) {
		s += adv;
		len -= adv;
	}
	if (len == 0)
		return 0;
	return doc_add_sentence(c->d, &a->heading, s, len) ? 0 : TB_E_NOMEM;
}

/* The summary boxes of article (sec, art), each as its label and then its
 * text's sentences, in the order printed. */
static int add_summary_headings(struct ctx *c, struct doc_article *a, size_t sec, size_t art)
{
	size_t k;
	int rc = 0;

	for (k = 0; !rc && k < VEC_LEN(&c->markers, struct marker); k++) {
		struct marker *m = &VEC_AT(&c->markers, struct marker, k);

		if (m->sec != sec || m->art != art)
			continue;
		if (m->label && !doc_add_sentence(c->d, &a->heading, m->label, m->label_len))
			return TB_E_NOMEM;
		if (m->text_len)
			rc = add_sentences(c, &a->heading, m->text, m->text_len, 0);
	}
	return rc;
}

static int build_headings(struct ctx *c)
{
	size_t si, ai;
	int rc = 0;

	for (si = c->first_sec; si < DOC_NSECTIONS(c->d); si++) {
		struct doc_section *s = DOC_SECTION(c->d, si);

		for (ai = 0; !rc && ai < DOC_NARTICLES(s); ai++) {
			struct doc_article *a = DOC_ARTICLE(s, ai);

			rc = add_heading_line(c, a, a->label);
			if (!rc)
				rc = add_kicker_heading(c, a);
			if (!rc)
				rc = add_heading_line(c, a, a->title);
			if (!rc)
				rc = add_subtitle_heading(c, a);
			if (!rc)
				rc = add_summary_headings(c, a, si, ai);
		}
	}
	return rc;
}

static int name_sections(struct ctx *c)
{
	size_t si, ai;

	for (si = c->first_sec; si < DOC_NSECTIONS(c->d); si++) {
		struct doc_section *s = DOC_SECTION(c->d, si);

		if (si == c->first_sec && c->opts && c->opts->section_title) {
			s->title = arena_strdup(&c->d->arena, c->opts->section_title);
			if (!s->title)
				return TB_E_NOMEM;
			continue;
		}
		for (ai = 0; !s->title && ai < DOC_NARTICLES(s); ai++)
			if (!DOC_ARTICLE(s, ai)->title_generated)
				s->title = DOC_ARTICLE(s, ai)->title;
		for (ai = 0; !s->title && ai < DOC_NARTICLES(s); ai++)
			s->title = DOC_ARTICLE(s, ai)->title;
		if (!s->title && c->source)
			s->title = s->source;
	}
	return 0;
}

/* ---- the trace ---------------------------------------------------------- */

void layout_trace_init(struct layout_trace *t)
{
	arena_init(&t->arena);
	buf_init(&t->rows, 0);
}

void layout_trace_release(struct layout_trace *t)
{
	arena_release(&t->arena);
	buf_release(&t->rows);
}

static const char *default_role(const struct page_line *l)
{
	switch (l->role) {
	case ROLE_FURNITURE:
		return "furniture";
	case ROLE_BYLINE:
		return "byline";
	case ROLE_CREDIT:
		return "credit";
	case ROLE_BOXLABEL:
		return "box label";
	case ROLE_SHORT:
		return "heading";
	case ROLE_PULLQUOTE:
		return "pull quote (not read)";
	default:
		return "body";
	}
}

static int record_trace(struct ctx *c, struct layout_trace *t)
{
	char role[96];
	size_t i;

	for (i = 0; i < N(c); i++) {
		const struct page_line *l = LN(c, i);
		struct layout_row *row = VEC_PUSH(&t->rows, struct layout_row);
		const char *r = l->what ? l->what : default_role(l);

		if (!row)
			return TB_E_NOMEM;
		row->line = l->lineno;
		if (l->role == ROLE_FURNITURE)
			snprintf(role, sizeof(role), "furniture: %s", furniture_kind_name(l->furn));
		else if (l->dead && l->joined_to != SIZE_MAX)
			snprintf(role, sizeof(role), "body (continues line %zu)",
			         LN(c, l->joined_to)->lineno);
		else
			snprintf(role, sizeof(role), "%s", r);
		row->role = arena_strdup(&t->arena, role);
		row->text = arena_strndup(&t->arena, l->printed, l->printed_len);
		row->why = arena_strdup(&t->arena, l->why);
		if (!row->role || !row->text || !row->why)
			return TB_E_NOMEM;
	}
	return 0;
}

/* ---- the stage ---------------------------------------------------------- */

static int run_passes(struct ctx *c)
{
	int rc = furniture_find(c->p);

	if (rc)
		return rc;
	roles_classify(c->p);
	roles_find_pullquotes(c->p);
	if ((rc = repair_page(c->p)) != 0)
		return rc;
	roles_find_pullquotes(c->p);
	if ((rc = build_tree(c)) != 0)
		return rc;
	if ((rc = build_headings(c)) != 0)
		return rc;
	return name_sections(c);
}

int layout_page(struct doc *d, const char *text, size_t len, const char *source,
                const struct layout_opts *opts, struct tb_err *err)
{
	struct layout_hints builtin;
	const struct layout_hints *h = opts ? opts->hints : NULL;
	struct page page;
	struct ctx c;
	int rc;

	if (!h) {
		if ((rc = hints_init(&builtin, err)) != 0)
			return rc;
		h = &builtin;
	}
	memset(&c, 0, sizeof(c));
	c.d = d;
	c.h = h;
	c.opts = opts;
	c.source = source;
	c.p = &page;
	c.first_sec = DOC_NSECTIONS(d);
	buf_init(&c.markers, 0);
	buf_init(&c.pending, 0);
	buf_init(&c.waiting, 0);
	buf_init(&c.taken, 0);
	page_init(&page, h, opts);

	rc = page_split(&page, text, len);
	if (!rc)
		rc = run_passes(&c);
	if (!rc && opts && opts->trace)
		rc = record_trace(&c, opts->trace);
	if (!rc && c.narticles == 0)
		rc = err_set(err, TB_E_INPUT, "%s: no text to read on the page",
		             source ? source : "page");
	else if (rc == TB_E_NOMEM)
		err_set(err, rc, "%s: out of memory during layout", source ? source : "page");
	else if (rc)
		err_set(err, rc, "%s: layout failed", source ? source : "page");
	page_release(&page);
	buf_release(&c.markers);
	buf_release(&c.pending);
	buf_release(&c.waiting);
	buf_release(&c.taken);
	if (h == &builtin)
		hints_release(&builtin);
	return rc;
}

int layout_join_score(const char *a, size_t alen, const char *b, size_t blen,
                      const struct layout_opts *opts)
{
	int bs;

	return repair_score(a, alen, b, blen, opts->hints, opts, &bs);
}

int layout_join_score_b(const char *a, size_t alen, const char *b, size_t blen,
                        const struct layout_opts *opts)
{
	int bs;

	repair_score(a, alen, b, blen, opts->hints, opts, &bs);
	return bs;
}
