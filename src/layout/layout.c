#include "layout/layout.h"

#include "core/arena.h"
#include "layout/lines.h"
#include "layout/sentence.h"

#include <string.h>

/* Lines longer than this that do not end a sentence are body text cut short,
 * never headings. */
#define HEADING_MAX_CHARS 40
/* A closed line this short ending in ？ or ！ may still be a headline. */
#define QUESTION_TITLE_MAX_CHARS 24
/* An unknown standalone word this short above a title is a column label. */
#define LABEL_MAX_CHARS 4
/* A photo story: a few captions of at most this length before the credit. */
#define PHOTO_MAX_CAPTIONS 3
#define CAPTION_MAX_CHARS  200

enum blk_kind {
	K_BODY,     /* paragraph text (or a fragment of one) */
	K_SHORT,    /* a short line not ending a sentence: title, subtitle, subhead, label */
	K_KICKER,   /* deck line ending in "——" */
	K_BYLINE,   /* "本报记者 …" */
	K_CREDIT,   /* photo credit ending in 摄 */
	K_MARK,     /* sidebar marker ("阅读提示") */
	K_SIDE,     /* the sidebar text after a marker */
	K_SECTION,  /* "## 名称" */
	K_ORNAMENT, /* a line of symbols only ("★★★", "——"): kept with bylines, not read */
};

struct blk {
	const char *s;
	size_t len;
	int gap; /* blank lines before this one */
	int kind;
	int dead;        /* joined into an earlier block */
	size_t mark_len; /* K_MARK with its text on the same line: the marker's bytes */
};

/* A sidebar kept for the article's heading: its marker line and its text. */
struct marker {
	size_t sec, art;
	const char *text;
	size_t len;
	const char *body;
	size_t body_len;
};

struct ctx {
	struct doc *d;
	const struct layout_opts *opts;
	struct arena scratch; /* joined lines; freed at the end */
	struct buf blocks;    /* vec of struct blk */
	struct buf markers;   /* vec of struct marker */
	struct buf ornaments; /* vec of block indices waiting for an article */
	const char *source;
	size_t first_sec; /* the first section this call added */
	size_t sec;       /* current section index */
	int have_sec;
	size_t art; /* current article index in the current section */
	int have_art;
	const char *subhead; /* pending subhead for the next paragraph */
	size_t subhead_len;
	size_t narticles;
	size_t last_sec, last_art; /* the latest article, when narticles > 0 */
	int usual_gap;             /* the most common number of blank lines between blocks */
};

#define NBLK(c)   VEC_LEN(&(c)->blocks, struct blk)
#define BLK(c, i) (&VEC_AT(&(c)->blocks, struct blk, i))

static int split_blocks(struct ctx *c, const char *text, size_t len)
{
	size_t i = 0, e;
	int gap = 0;

	while (i < len) {
		const char *line = text + i;
		size_t ll;
		struct blk *b;

		for (e = i; e < len && text[e] != '\n'; e++)
			;
		ll = e - i;
		i = e < len ? e + 1 : e;
		lines_trim(&line, &ll);
		if (ll == 0) {
			gap++;
			continue;
		}
		b = VEC_PUSH(&c->blocks, struct blk);
		if (!b)
			return TB_E_NOMEM;
		b->s = line;
		b->len = ll;
		b->gap = gap;
		gap = 0;
	}
	return 0;
}

/* The page's usual spacing: the most common gap (ties: the larger), at least 1. */
static int usual_gap(struct ctx *c)
{
	size_t count[8] = {0}, i;
	int g, best = 1;

	for (i = 1; i < NBLK(c); i++) {
		g = BLK(c, i)->gap;
		count[g < 7 ? g : 7]++;
	}
	for (g = 1; g < 8; g++)
		if (count[g] >= count[best])
			best = g;
	return best;
}

/* No letter, digit or ideograph on the line. */
static int only_symbols(const char *s, size_t len)
{
	size_t i, adv;
	uint32_t c;

	for (i = 0; i < len; i += adv) {
		c = lines_decode(s + i, len - i, &adv);
		if (c < 0x80 ? ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9')
		             : (lines_is_cjk(c) || (c >= 0xFF10 && c <= 0xFF5A) ||
		                (c >= 0x2460 && c <= 0x24FF) || (c >= 0x2160 && c <= 0x217F)))
			return 0;
	}
	return 1;
}

static int classify(const char *s, size_t len)
{
	if (lines_starts_with(s, len, "## ") || lines_starts_with(s, len, "##"))
		return K_SECTION;
	if (only_symbols(s, len))
		return K_ORNAMENT;
	if (lines_is_sidebar_mark(s, len))
		return K_MARK;
	if (lines_is_kicker(s, len) && lines_nchars(s, len) <= 2 * HEADING_MAX_CHARS)
		return K_KICKER;
	if (lines_is_credit(s, len))
		return K_CREDIT;
	if (lines_is_byline(s, len))
		return K_BYLINE;
	if (lines_ends_closed(s, len) || lines_nchars(s, len) > HEADING_MAX_CHARS)
		return K_BODY;
	return K_SHORT;
}

/* The next live block after i, or NBLK. */
static size_t next_live(struct ctx *c, size_t i)
{
	for (i++; i < NBLK(c); i++)
		if (!BLK(c, i)->dead)
			return i;
	return i;
}

static int is_dateline_body(struct ctx *c, size_t i)
{
	return i < NBLK(c) && BLK(c, i)->kind == K_BODY &&
	       lines_dateline_len(BLK(c, i)->s, BLK(c, i)->len);
}

/* A closed short line ending in ？/！ above a byline or dateline is a headline. */
static int question_title(struct ctx *c, size_t i)
{
	struct blk *b = BLK(c, i);
	size_t st, n;
	uint32_t last;

	if (b->kind != K_BODY || lines_nchars(b->s, b->len) > QUESTION_TITLE_MAX_CHARS ||
	    lines_has_inner_end(b->s, b->len))
		return 0;
	last = lines_last(b->s, b->len, &st);
	while (lines_is_closer(last) && st > 0)
		last = lines_last(b->s, st, &st);
	if (last != '?' && last != '!' && last != 0xFF1F && last != 0xFF01)
		return 0;
	n = next_live(c, i);
	if (n >= NBLK(c))
		return 0;
	if (i > 0 && BLK(c, i - 1)->kind == K_KICKER)
		return 1;
	if (BLK(c, n)->kind == K_SHORT) /* a subtitle between */
		n = next_live(c, n);
	return n < NBLK(c) && (BLK(c, n)->kind == K_BYLINE || is_dateline_body(c, n));
}

static void classify_blocks(struct ctx *c)
{
	size_t i, n;

	for (i = 0; i < NBLK(c); i++) {
		struct blk *b = BLK(c, i);

		b->kind = classify(b->s, b->len);
		if (b->kind == K_BODY || b->kind == K_SHORT) {
			b->mark_len = lines_sidebar_mark_len(b->s, b->len);
			if (b->mark_len)
				b->kind = K_MARK;
		}
	}
	for (i = 0; i < NBLK(c); i++)
		if (question_title(c, i))
			BLK(c, i)->kind = K_SHORT;
	/* A line ending in "——" is a kicker only above a headline; else it is
	 * body text cut at a dash. */
	for (i = 0; i < NBLK(c); i++) {
		if (BLK(c, i)->kind != K_KICKER)
			continue;
		n = i + 1;
		if (n >= NBLK(c) || (BLK(c, n)->kind != K_SHORT && BLK(c, n)->kind != K_KICKER))
			BLK(c, i)->kind =
			        lines_nchars(BLK(c, i)->s, BLK(c, i)->len) > HEADING_MAX_CHARS
			                ? K_BODY
			                : K_SHORT;
	}
	/* The block after a marker is the sidebar text. */
	for (i = 0; i < NBLK(c); i++) {
		if (BLK(c, i)->kind != K_MARK || BLK(c, i)->mark_len)
			continue;
		n = i + 1;
		if (n < NBLK(c) && (BLK(c, n)->kind == K_BODY || BLK(c, n)->kind == K_SHORT))
			BLK(c, n)->kind = K_SIDE;
	}
}

static int join_blocks(struct ctx *c, struct blk *a, const struct blk *b)
{
	char *s = arena_alloc(&c->scratch, a->len + b->len + 1);

	if (!s)
		return TB_E_NOMEM;
	memcpy(s, a->s, a->len);
	memcpy(s + a->len, b->s, b->len);
	a->s = s;
	a->len += b->len;
	return 0;
}

/* The block that would continue block i: the next live one, past a sidebar
 * (marker and text) dropped into the break. */
static size_t continuation_of(struct ctx *c, size_t i)
{
	size_t n = next_live(c, i);

	while (n < NBLK(c) && (BLK(c, n)->kind == K_MARK || BLK(c, n)->kind == K_SIDE))
		n = next_live(c, n);
	return n;
}

/* Where a short line i stands says it is a heading whatever it reads like:
 * under a label, kicker or title; after more blank lines than usual; or over
 * a caption and its photo credit (n is the block that would continue it). */
static int is_heading_place(struct ctx *c, size_t i, size_t n)
{
	const struct blk *a = BLK(c, i);
	size_t m = next_live(c, n), st;
	uint32_t last = lines_last(a->s, a->len, &st);

	/* but a line holding a sentence, an open quote or ending on "，" is text */
	if (lines_has_inner_end(a->s, a->len) || lines_unbalanced(a->s, a->len) ||
	    lines_is_pause(last) || lines_is_opener(last))
		return 0;
	if (a->gap > c->usual_gap)
		return 1;
	if (i > 0 && !BLK(c, i - 1)->dead &&
	    (BLK(c, i - 1)->kind == K_SHORT || BLK(c, i - 1)->kind == K_KICKER))
		return 1;
	return m < NBLK(c) && BLK(c, m)->kind == K_CREDIT;
}

/* Rejoins paragraphs broken where a column ends. A heading-like line is only
 * joined on evidence (see layout_join_score); the sidebar blocks stay where
 * they were and are lifted out when the tree is built. */
static int repair_blocks(struct ctx *c)
{
	size_t i, n;
	struct blk *a, *b;
	int rc;

	for (i = 0; i < NBLK(c); i++) {
		a = BLK(c, i);
		if (a->dead || (a->kind != K_BODY && a->kind != K_SHORT))
			continue;
		while (!lines_ends_closed(a->s, a->len)) {
			n = continuation_of(c, i);
			if (n >= NBLK(c))
				break;
			b = BLK(c, n);
			if (b->kind != K_BODY && b->kind != K_SHORT)
				break;
			/* A dateline printed on a line of its own opens the paragraph after it. */
			if (b->kind == K_BODY && lines_dateline_len(a->s, a->len) == a->len &&
			    !lines_dateline_len(b->s, b->len)) {
				if ((rc = join_blocks(c, a, b)) != 0)
					return rc;
				b->dead = 1;
				a->kind = K_BODY;
				continue;
			}
			if (a->kind == K_SHORT && is_heading_place(c, i, n))
				break;
			if (layout_join_score(a->s, a->len, b->s, b->len, c->opts) <
			    LAYOUT_JOIN_SCORE)
				break;
			if (b->kind == K_SHORT && layout_join_score_b(a->s, a->len, b->s, b->len,
			                                              c->opts) < LAYOUT_JOIN_SCORE)
				break;
			rc = join_blocks(c, a, b);
			if (rc)
				return rc;
			b->dead = 1;
			a->kind = K_BODY;
		}
	}
	return 0;
}

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

static int new_section(struct ctx *c, const char *name, size_t name_len)
{
	struct doc_section *s = doc_add_section(c->d);

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
	c->subhead = NULL;
	if (name) {
		s->title = dup(c, name, name_len);
		if (!s->title)
			return TB_E_NOMEM;
	}
	return 0;
}

/* Ornament lines seen before any article go with the first one. */
static int flush_ornaments(struct ctx *c, struct doc_article *a)
{
	size_t k;

	for (k = 0; k < VEC_LEN(&c->ornaments, size_t); k++) {
		const struct blk *b = BLK(c, VEC_AT(&c->ornaments, size_t, k));

		if (doc_add_byline(c->d, a, b->s, b->len))
			return TB_E_NOMEM;
	}
	buf_reset(&c->ornaments);
	return 0;
}

static int new_article(struct ctx *c)
{
	int rc;

	if (!c->have_sec && (rc = new_section(c, NULL, 0)) != 0)
		return rc;
	if (!doc_add_article(c->d, cur_section(c)))
		return TB_E_NOMEM;
	c->art = DOC_NARTICLES(cur_section(c)) - 1;
	c->have_art = 1;
	c->subhead = NULL;
	c->narticles++;
	c->last_sec = c->sec;
	c->last_art = c->art;
	return flush_ornaments(c, cur_article(c));
}

/* Whether the run of heading-like lines [i, r) opens a new article rather
 * than being a subhead of the current one. */
static int run_starts_article(struct ctx *c, size_t i, size_t r)
{
	size_t k, n, m;

	if (!c->have_art)
		return 1;
	for (k = i; k < r; k++)
		if (!BLK(c, k)->dead && BLK(c, k)->kind == K_KICKER)
			return 1;
	if (next_live(c, i) < r)
		return 1; /* title and subtitle, or label and title */
	/* More blank lines than usual on this page set stories apart. */
	if (lines_is_label_word(BLK(c, i)->s, BLK(c, i)->len) || BLK(c, i)->gap > c->usual_gap)
		return 1;
	n = continuation_of(c, r - 1);
	if (n >= NBLK(c))
		return 0;
	if (BLK(c, n)->kind == K_BYLINE || BLK(c, n)->kind == K_CREDIT || is_dateline_body(c, n))
		return 1;
	/* A photo: title, one or a few short captions, credit. */
	for (k = 0; k < PHOTO_MAX_CAPTIONS && n < NBLK(c); k++) {
		if (BLK(c, n)->kind != K_BODY ||
		    lines_nchars(BLK(c, n)->s, BLK(c, n)->len) > CAPTION_MAX_CHARS)
			return 0;
		m = next_live(c, n);
		if (m < NBLK(c) && BLK(c, m)->kind == K_CREDIT)
			return 1;
		n = m;
	}
	return 0;
}

static size_t run_end(struct ctx *c, size_t i)
{
	size_t r = i;

	while (r < NBLK(c) &&
	       (BLK(c, r)->dead || BLK(c, r)->kind == K_SHORT || BLK(c, r)->kind == K_KICKER))
		r++;
	return r;
}

static int looks_like_label(struct ctx *c, size_t i, size_t next)
{
	struct blk *b = BLK(c, i), *nb = BLK(c, next);
	size_t n = lines_nchars(b->s, b->len), k, adv;

	if (b->kind == K_KICKER)
		return 0;
	if (lines_is_label_word(b->s, b->len))
		return 1;
	if (n > LABEL_MAX_CHARS || lines_nchars(nb->s, nb->len) < n + 3)
		return 0;
	for (k = 0; k < b->len; k += adv)
		if (!lines_is_cjk(lines_decode(b->s + k, b->len - k, &adv)))
			return 0;
	return 1;
}

/* Two to four CJK characters, possibly after a bullet: a personal name. */
static int looks_like_name(struct ctx *c, size_t i)
{
	const char *s = BLK(c, i)->s;
	size_t len = BLK(c, i)->len, k, adv, n;

	while (len > 0 && lines_decode(s, len, &adv) >= 0x25A0 &&
	       lines_decode(s, len, &adv) <= 0x25FF) { /* □■● */
		s += adv;
		len -= adv;
	}
	lines_trim(&s, &len);
	n = lines_nchars(s, len);
	if (n < 2 || n > LABEL_MAX_CHARS || lines_is_label_word(s, len))
		return 0;
	for (k = 0; k < len; k += adv)
		if (!lines_is_cjk(lines_decode(s + k, len - k, &adv)))
			return 0;
	return 1;
}

static int append_field(struct ctx *c, char **field, const char *s, size_t len, const char *sep)
{
	size_t old = *field ? strlen(*field) : 0;
	char *n = arena_alloc(&c->d->arena, old + strlen(sep) + len + 1);

	if (!n)
		return TB_E_NOMEM;
	if (old) {
		memcpy(n, *field, old);
		memcpy(n + old, sep, strlen(sep));
		old += strlen(sep);
	}
	memcpy(n + old, s, len);
	*field = n;
	return 0;
}

/* Lines after the title beyond this many are not subtitles but text set
 * without punctuation (verse, lists): body paragraphs. */
#define SUBTITLE_MAX_LINES 2

static int add_body(struct ctx *c, const struct blk *b);

static int build_header(struct ctx *c, size_t i, size_t r)
{
	struct doc_article *a;
	struct buf idx = BUF_INIT;
	size_t k, nlive, j = 0, *live;
	int rc;

	rc = new_article(c);
	for (k = i; !rc && k < r; k++) {
		if (BLK(c, k)->dead)
			continue;
		live = VEC_PUSH(&idx, size_t);
		if (!live)
			rc = TB_E_NOMEM;
		else
			*live = k;
	}
	if (rc) {
		buf_release(&idx);
		return rc;
	}
	a = cur_article(c);
	live = (size_t *)(void *)idx.data;
	nlive = VEC_LEN(&idx, size_t);
	if (nlive >= 2 && looks_like_label(c, live[0], live[1])) {
		rc = append_field(c, &a->label, BLK(c, live[0])->s, BLK(c, live[0])->len, " ");
		j = 1;
	}
	/* A kicker may run over several lines; only its last one ends in "——". */
	for (k = nlive - 1; k > j; k--)
		if (BLK(c, live[k - 1])->kind == K_KICKER)
			break;
	for (; !rc && k > j; j++)
		rc = append_field(c, &a->kicker, BLK(c, live[j])->s, BLK(c, live[j])->len, "");
	if (!rc && j < nlive) {
		rc = append_field(c, &a->title, BLK(c, live[j])->s, BLK(c, live[j])->len, " ");
		j++;
	}
	/* A bare name under the headline is the author ("何某"): a byline. */
	if (!rc && j < nlive && j == nlive - 1 && j > 0 && looks_like_name(c, live[j])) {
		if (doc_add_byline(c->d, a, BLK(c, live[j])->s, BLK(c, live[j])->len))
			rc = TB_E_NOMEM;
		nlive--;
	}
	if (nlive - j > SUBTITLE_MAX_LINES) {
		if (!rc)
			rc = append_field(c, &a->subtitle, BLK(c, live[j])->s, BLK(c, live[j])->len,
			                  " ");
		for (j++; !rc && j < nlive; j++)
			rc = add_body(c, BLK(c, live[j]));
	}
	for (; !rc && j < nlive; j++)
		rc = append_field(c, &a->subtitle, BLK(c, live[j])->s, BLK(c, live[j])->len, " ");
	buf_release(&idx);
	return rc;
}

static int add_sentences(struct ctx *c, struct buf *vec, const char *s, size_t len, size_t dateline)
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
		/* The dateline is printed, not read: `spoken` leaves it out. */
		if (dateline > sp->off && k == 0) {
			const char *rest = s + dateline;
			size_t rl = dateline < sp->off + sp->len ? sp->off + sp->len - dateline : 0;

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

/* The subhead as read: without a bullet ("■") printed before it. */
static char *strip_bullets(char *s)
{
	size_t len, adv;

	if (!s)
		return NULL;
	len = strlen(s);
	while (len > 0 &&
	       ((lines_decode(s, len, &adv) >= 0x25A0 && lines_decode(s, len, &adv) <= 0x25FF) ||
	        lines_is_space(lines_decode(s, len, &adv)))) {
		s += adv;
		len -= adv;
	}
	return s;
}

static int flush_subhead(struct ctx *c)
{
	struct doc_paragraph *p;

	if (!c->subhead)
		return 0;
	p = doc_add_paragraph(cur_article(c));
	if (!p)
		return TB_E_NOMEM;
	p->subhead = dup(c, c->subhead, c->subhead_len);
	p->subhead_sentence.text = strip_bullets(p->subhead);
	c->subhead = NULL;
	return p->subhead ? 0 : TB_E_NOMEM;
}

static int add_body(struct ctx *c, const struct blk *b)
{
	struct doc_article *a;
	struct doc_paragraph *p;
	size_t dl = 0;
	int rc;

	dl = lines_dateline_len(b->s, b->len);
	/* A dateline always opens a story: one printed without a headline
	 * before it still starts a new article (with no title). */
	if (dl && c->have_art && (DOC_NPARAS(cur_article(c)) > 0 || cur_article(c)->dateline)) {
		if ((rc = flush_subhead(c)) != 0 || (rc = new_article(c)) != 0)
			return rc;
	}
	if (!c->have_art && (rc = new_article(c)) != 0)
		return rc;
	a = cur_article(c);
	if (DOC_NPARAS(a) == 0 && !a->dateline) {
		if (dl) {
			const char *ds = b->s;
			size_t dlen = dl;

			lines_trim(&ds, &dlen);
			a->dateline = dup(c, ds, dlen);
			if (!a->dateline)
				return TB_E_NOMEM;
		}
	}
	p = doc_add_paragraph(a);
	if (!p)
		return TB_E_NOMEM;
	if (c->subhead) {
		p->subhead = dup(c, c->subhead, c->subhead_len);
		p->subhead_sentence.text = strip_bullets(p->subhead);
		if (!p->subhead)
			return TB_E_NOMEM;
		c->subhead = NULL;
	}
	return add_sentences(c, &p->sentences, b->s, b->len, dl);
}

/* A sidebar goes to the article it was printed in, unless it stands between
 * articles right before the next one's headline. */
static int add_sidebar(struct ctx *c, size_t mark)
{
	struct doc_article *a;
	struct marker *m;
	size_t t = mark + 1, after, ml = BLK(c, mark)->mark_len;
	const char *ts = NULL;
	size_t tl = 0;
	int rc;

	if (ml) { /* "编者按:" and the text on one line */
		ts = BLK(c, mark)->s + ml;
		tl = BLK(c, mark)->len - ml;
		lines_trim(&ts, &tl);
		after = next_live(c, mark);
	} else if (t < NBLK(c) && BLK(c, t)->kind == K_SIDE) {
		ts = BLK(c, t)->s;
		tl = BLK(c, t)->len;
		after = next_live(c, t);
	} else {
		after = next_live(c, mark);
	}
	if (!c->have_art ||
	    (after < NBLK(c) &&
	     (BLK(c, after)->kind == K_SHORT || BLK(c, after)->kind == K_KICKER) &&
	     run_starts_article(c, after, run_end(c, after)) &&
	     lines_ends_closed(BLK(c, mark - (mark > 0))->s, BLK(c, mark - (mark > 0))->len))) {
		/* Belongs to the next article: open it now with the headline run. */
		if (after < NBLK(c) &&
		    (BLK(c, after)->kind == K_SHORT || BLK(c, after)->kind == K_KICKER)) {
			size_t r = run_end(c, after);

			rc = build_header(c, after, r);
			if (rc)
				return rc;
			for (; after < r; after++)
				BLK(c, after)->dead = 1;
		} else if (!c->have_art && (rc = new_article(c)) != 0) {
			return rc;
		}
	}
	a = cur_article(c);
	if (tl && (rc = append_field(c, &a->summary, ts, tl, "")) != 0)
		return rc;
	m = VEC_PUSH(&c->markers, struct marker);
	if (!m)
		return TB_E_NOMEM;
	m->sec = c->sec;
	m->art = c->art;
	m->text = BLK(c, mark)->s;
	m->len = ml ? ml : BLK(c, mark)->len;
	m->body = ts;
	m->body_len = tl;
	return 0;
}

static int build_tree(struct ctx *c)
{
	size_t i, r, k;
	struct blk *b;
	int rc = 0;

	for (i = 0; !rc && i < NBLK(c); i++) {
		b = BLK(c, i);
		if (b->dead)
			continue;
		switch (b->kind) {
		case K_SECTION: {
			const char *name = b->s;
			size_t nl = b->len;

			while (nl > 0 && *name == '#') {
				name++;
				nl--;
			}
			lines_trim(&name, &nl);
			if (c->have_art && (rc = flush_subhead(c)) != 0)
				break;
			rc = new_section(c, nl ? name : NULL, nl);
			break;
		}
		case K_SHORT:
		case K_KICKER:
			r = run_end(c, i);
			if (c->have_art && (rc = flush_subhead(c)) != 0)
				break;
			if (run_starts_article(c, i, r)) {
				rc = build_header(c, i, r);
				i = r - 1;
				break;
			}
			for (k = i; !rc && k < r; k++) {
				if (BLK(c, k)->dead)
					continue;
				if ((rc = flush_subhead(c)) != 0)
					break;
				c->subhead = BLK(c, k)->s;
				c->subhead_len = BLK(c, k)->len;
			}
			i = r - 1;
			break;
		case K_BYLINE:
		case K_CREDIT:
			if (!c->have_art && (rc = new_article(c)) != 0)
				break;
			{
				struct doc_article *a = cur_article(c);

				if (b->kind == K_CREDIT && DOC_NPARAS(a) <= PHOTO_MAX_CAPTIONS &&
				    DOC_NBYLINES(a) == 0 && !a->dateline)
					a->is_photo = 1;
				if (doc_add_byline(c->d, a, b->s, b->len))
					rc = TB_E_NOMEM;
			}
			break;
		case K_MARK:
			rc = add_sidebar(c, i);
			break;
		case K_ORNAMENT:
			if (c->have_art) {
				if (doc_add_byline(c->d, cur_article(c), b->s, b->len))
					rc = TB_E_NOMEM;
			} else {
				size_t *slot = VEC_PUSH(&c->ornaments, size_t);

				if (!slot)
					rc = TB_E_NOMEM;
				else
					*slot = i;
			}
			break;
		case K_SIDE:
			break; /* taken with its marker */
		default:
			rc = add_body(c, b);
			break;
		}
	}
	if (!rc && c->have_art)
		rc = flush_subhead(c);
	/* Ornaments after the last article stay with it. */
	if (!rc && c->narticles)
		rc = flush_ornaments(c, DOC_ARTICLE(DOC_SECTION(c->d, c->last_sec), c->last_art));
	return rc;
}

static int add_heading_line(struct ctx *c, struct doc_article *a, const char *s)
{
	size_t len, adv;

	if (!s)
		return 0;
	len = strlen(s);
	lines_trim(&s, &len);
	/* Bullets printed before a label or title ("■") are not read. */
	while (len > 0 && lines_decode(s, len, &adv) >= 0x25A0 &&
	       lines_decode(s, len, &adv) <= 0x25FF) {
		s += adv;
		len -= adv;
		lines_trim(&s, &len);
	}
	if (len == 0)
		return 0;
	return doc_add_sentence(c->d, &a->heading, s, len) ? 0 : TB_E_NOMEM;
}

/* The kicker is read without its closing dashes. */
static int add_kicker_heading(struct ctx *c, struct doc_article *a)
{
	const char *s = a->kicker;
	size_t len, st;

	if (!s)
		return 0;
	len = strlen(s);
	while (len > 0 && (lines_last(s, len, &st) == 0x2014 || s[len - 1] == '-' ||
	                   lines_is_space(lines_last(s, len, &st))))
		len = st;
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

/* The sidebars of article (sec, art), each as its marker line and then its
 * text's sentences, in the order printed. */
static int add_sidebar_headings(struct ctx *c, struct doc_article *a, size_t sec, size_t art)
{
	size_t k;
	int rc = 0;

	for (k = 0; !rc && k < VEC_LEN(&c->markers, struct marker); k++) {
		struct marker *m = &VEC_AT(&c->markers, struct marker, k);

		if (m->sec != sec || m->art != art)
			continue;
		if (!doc_add_sentence(c->d, &a->heading, m->text, m->len))
			return TB_E_NOMEM;
		if (m->body_len)
			rc = add_sentences(c, &a->heading, m->body, m->body_len, 0);
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
				rc = add_sidebar_headings(c, a, si, ai);
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
			s->title = DOC_ARTICLE(s, ai)->title;
		if (!s->title && c->source)
			s->title = s->source;
	}
	return 0;
}

int layout_page(struct doc *d, const char *text, size_t len, const char *source,
                const struct layout_opts *opts, struct tb_err *err)
{
	struct ctx c;
	int rc;

	memset(&c, 0, sizeof(c));
	c.d = d;
	c.opts = opts;
	c.source = source;
	arena_init(&c.scratch);
	buf_init(&c.blocks, 0);
	buf_init(&c.markers, 0);
	buf_init(&c.ornaments, 0);
	c.first_sec = DOC_NSECTIONS(d);

	rc = split_blocks(&c, text, len);
	if (!rc) {
		c.usual_gap = usual_gap(&c);
		classify_blocks(&c);
		rc = repair_blocks(&c);
	}
	if (!rc)
		rc = build_tree(&c);
	if (!rc)
		rc = build_headings(&c);
	if (!rc)
		rc = name_sections(&c);
	if (!rc && c.narticles == 0)
		rc = err_set(err, TB_E_INPUT, "%s: no text to read on the page",
		             source ? source : "page");
	else if (rc == TB_E_NOMEM)
		err_set(err, rc, "%s: out of memory during layout", source ? source : "page");
	else if (rc)
		err_set(err, rc, "%s: layout failed", source ? source : "page");
	arena_release(&c.scratch);
	buf_release(&c.blocks);
	buf_release(&c.markers);
	buf_release(&c.ornaments);
	return rc;
}
