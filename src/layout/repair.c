#include "layout/repair.h"

#include "layout/lines.h"
#include "layout/roles.h"
#include "layout/sentence.h"

#include <stdint.h>
#include <string.h>

/* How many lines after a box label or caption the broken sentence may resume. */
#define BOX_WINDOW 8
/* An unlabelled box is one to this many whole sentences on lines of their own. */
#define UNLABELLED_MAX_LINES 3
/* A numbered line this short is a subhead, not text cut short. */
#define NUMBERED_HEADING_MAX_CHARS 24
/* The continuation after an unlabelled box must show this much more evidence
 * of its own than the line right after the break. */
#define UNLABELLED_MARGIN 3

/* "X，Y" with two halves of about the same length: a parallel subhead. */
int repair_parallel_halves(const char *s, size_t len)
{
	size_t i, adv, n1 = 0, n2 = 0, commas = 0;
	uint32_t c;

	for (i = 0; i < len; i += adv) {
		c = lines_decode(s + i, len - i, &adv);
		if (c == ',' || c == 0xFF0C || c == ' ' || c == 0x3000) {
			commas++;
			continue;
		}
		if (commas == 0)
			n1++;
		else
			n2++;
	}
	if (commas != 1 || n1 < 2 || n2 < 2 || n1 > 12 || n2 > 12)
		return 0;
	return (n1 > n2 ? n1 - n2 : n2 - n1) <= 2;
}

/* "早开工、早": a list whose last item has just begun. */
static int list_goes_on(const char *s, size_t len)
{
	size_t i, last = 0;

	for (i = 0; i + 3 <= len; i++)
		if (memcmp(s + i, "、", 3) == 0)
			last = i + 3;
	return last && lines_nchars(s + last, len - last) <= 2;
}

/* A lexicon word made of the end of a and the start of b (2 to 4 chars). */
static int word_spans(const char *a, size_t alen, const char *b, size_t blen,
                      const struct layout_opts *opts)
{
	char tmp[32];
	size_t na, nb, aoff, boff;

	if (!opts || !opts->is_word)
		return 0;
	for (na = 3; na >= 1; na--) {
		if (lines_nchars(a, alen) < na)
			continue;
		aoff = lines_char_off(a, alen, lines_nchars(a, alen) - na);
		for (nb = 3; nb >= 1; nb--) {
			if (na + nb > 4 || na + nb < 2)
				continue;
			boff = lines_char_off(b, blen, nb);
			if (boff == 0 || lines_nchars(b, boff) < nb)
				continue;
			if (alen - aoff + boff >= sizeof(tmp))
				continue;
			memcpy(tmp, a + aoff, alen - aoff);
			memcpy(tmp + (alen - aoff), b, boff);
			if (opts->is_word(opts->is_word_ctx, tmp, alen - aoff + boff))
				return (int)(na + nb);
		}
	}
	return 0;
}

/* Opens like a sentence of body text: a time ("3月5日，", "近日"), a
 * connective, or a sentence adverbial set off by a comma within its first few
 * characters. */
static int opens_like_body(const char *s, size_t len, const struct layout_hints *h)
{
	size_t i, adv, n;
	uint32_t c;

	if (feat_opens_like_body(s, len, h))
		return 1;
	for (i = 0, n = 0; i < len && n <= 5; i += adv, n++) {
		c = lines_decode(s + i, len - i, &adv);
		if ((c == ',' || c == 0xFF0C) && n >= 2)
			return !repair_parallel_halves(s, len);
	}
	return 0;
}

static int is_box_label_text(const char *s, size_t len, const struct layout_hints *h)
{
	char key[128];
	size_t n = feat_key(s, len, key, sizeof(key));

	return n && lines_nchars(key, n) <= 8 &&
	       (hints_has(h, HINT_SUMMARY, key, n) || hints_has(h, HINT_ASIDE, key, n));
}

int repair_score(const char *a, size_t alen, const char *b, size_t blen,
                 const struct layout_hints *h, const struct layout_opts *opts, int *b_side)
{
	size_t st, adv, na, numbered;
	uint32_t last, first;
	int score = 0, bs = 0, w;

	*b_side = 0;
	lines_trim(&a, &alen);
	lines_trim(&b, &blen);
	if (alen == 0 || blen == 0)
		return -100;
	if (lines_ends_closed(a, alen))
		return -100;
	if (feat_dateline_len(b, blen, h) || feat_is_byline(b, blen, h) ||
	    feat_is_credit(b, blen, h) || is_box_label_text(b, blen, h))
		return -100;
	na = lines_nchars(a, alen);
	numbered = feat_list_number(a, alen);
	last = lines_last(a, alen, &st);
	first = lines_decode(b, blen, &adv);

	if (lines_is_pause(last) || lines_is_opener(last))
		score += 5; /* a line never ends on "，" or "“" unless it goes on */
	if (lines_is_pause(first) || lines_is_closer(first) || lines_is_terminal(first))
		bs += 5;
	if (lines_has_inner_end(a, alen))
		score += 4; /* a whole sentence before: body text, not a heading */
	if (lines_unbalanced(a, alen))
		score += 4;
	if (na >= 26)
		score += 3;
	else if (na >= 20)
		score += 2;
	else if (na >= 14)
		score += 1;
	/* Headings with a comma mostly balance two halves; a clause before a
	 * comma and more after it is running text. */
	if ((lines_contains(a, alen, ",") || lines_contains(a, alen, "，")) &&
	    !repair_parallel_halves(a, alen))
		score += 1;
	if (na >= 12 && lines_contains(a + numbered, alen - numbered, "、"))
		score += 2;
	else if (list_goes_on(a + numbered, alen - numbered))
		score += 3;
	if (opens_like_body(a, alen, h))
		score += 2;
	if (lines_rare_final(last))
		score += 3;
	if (lines_rare_initial(first))
		bs += 3;
	w = word_spans(a, alen, b, blen, opts);
	/* Two-character words meet by chance at many line ends; longer ones rarely. */
	if (w >= 3)
		bs += 3;
	else if (w == 2)
		bs += 1;
	if (repair_parallel_halves(a, alen))
		score -= 3;
	/* "一、…", "(二)…" on a short line of its own: a numbered subhead */
	if (numbered && na <= NUMBERED_HEADING_MAX_CHARS && !lines_has_inner_end(a, alen))
		score -= 3;
	if (na <= 8)
		score -= 2;
	*b_side = bs;
	return score + bs;
}

/* Of a paragraph joined from many lines only its end is scored: a line that
 * long scores as long whatever its start, and rescanning the whole paragraph at
 * every break would make a page of broken lines quadratic. */
#define SCORE_TAIL_BYTES 256

static int score_lines(const struct page *p, size_t a, size_t b, int *bs)
{
	const struct page_line *la = PAGE_AT(p, a), *lb = PAGE_AT(p, b);
	const char *s = la->s;
	size_t len = la->len;

	if (len > SCORE_TAIL_BYTES) {
		s += len - SCORE_TAIL_BYTES;
		len = SCORE_TAIL_BYTES;
		while (len > 0 && ((unsigned char)*s & 0xC0) == 0x80) {
			s++;
			len--;
		}
	}
	return repair_score(s, len, lb->s, lb->len, p->hints, p->opts, bs);
}

static int is_text(const struct page *p, size_t i)
{
	return i < PAGE_N(p) &&
	       (PAGE_AT(p, i)->role == ROLE_BODY || PAGE_AT(p, i)->role == ROLE_SHORT);
}

/* Line b may continue line a: enough evidence, and for a heading-like b
 * enough of it in b itself (else b could as well be a heading). */
static int may_continue(const struct page *p, size_t a, size_t b, int *bs)
{
	int s;

	*bs = 0;
	if (!is_text(p, b) || PAGE_AT(p, b)->box || roles_box_label_shape(p, b))
		return 0;
	s = score_lines(p, a, b, bs);
	if (s < LAYOUT_JOIN_SCORE)
		return 0;
	return PAGE_AT(p, b)->role != ROLE_SHORT || *bs >= LAYOUT_JOIN_SCORE;
}

/* Where a short line i stands says it is a heading whatever it reads like:
 * under a label, kicker or title; after more blank lines than usual; or over
 * a caption and its photo credit (n is the line that would continue it). */
static int is_heading_place(const struct page *p, size_t i, size_t n)
{
	const struct page_line *a = PAGE_AT(p, i);
	size_t m = page_next(p, n), prev = page_prev(p, i), st;
	uint32_t last = lines_last(a->s, a->len, &st);

	/* but a line holding a sentence, an open quote, ending on "，" or on a
	 * character no heading ends with (的, 和, 在 …) is text */
	if (lines_has_inner_end(a->s, a->len) || lines_unbalanced(a->s, a->len) ||
	    lines_is_pause(last) || lines_is_opener(last) || lines_rare_final(last))
		return 0;
	if (a->gap > p->usual_gap)
		return 1;
	if (prev != SIZE_MAX && PAGE_AT(p, prev)->role == ROLE_SHORT && !PAGE_AT(p, prev)->box)
		return 1;
	return m < PAGE_N(p) && PAGE_AT(p, m)->role == ROLE_CREDIT;
}

/* A photo caption standing in the text: it opens like one, or a credit
 * follows it. */
static int is_caption_line(const struct page *p, size_t i)
{
	const struct page_line *l = PAGE_AT(p, i);
	size_t n = i + 1;

	if (l->role != ROLE_BODY || l->box)
		return 0;
	if (l->f.caption)
		return 1;
	return n < PAGE_N(p) && PAGE_AT(p, n)->role == ROLE_CREDIT &&
	       PAGE_AT(p, n)->lineno == l->lineno;
}

/* Past a box label or a caption standing at n, where the sentence broken at a
 * resumes: *c, and the box goes over [n, *c). */
static int lift_box(struct page *p, size_t a, size_t n, size_t *c)
{
	size_t x, k, texts = 0;
	int bs, max_bs = 0, labelled = roles_box_label_shape(p, n);
	enum page_box kind;
	const struct feat *lf = &PAGE_AT(p, n)->f;

	if (!labelled && !is_caption_line(p, n))
		return 0;
	x = labelled && !lf->mark_len ? page_next(p, n) : n;
	for (k = 0; k < BOX_WINDOW && x < PAGE_N(p); k++, x = page_next(p, x)) {
		const struct page_line *l = PAGE_AT(p, x);

		if (l->role == ROLE_CREDIT)
			continue; /* the credit of a caption */
		if (!is_text(p, x) || l->box || (x != n && roles_box_label_shape(p, x)))
			return 0;
		if (x != n && texts > 0 && may_continue(p, a, x, &bs) && bs >= max_bs)
			break;
		if (x != n || !labelled) {
			score_lines(p, a, x, &bs);
			if (bs > max_bs)
				max_bs = bs;
			texts++;
		}
	}
	if (k >= BOX_WINDOW || x >= PAGE_N(p) || texts == 0)
		return 0;
	kind = !labelled ? BOX_CAPTION : lf->box_hint == FEAT_BOX_SUMMARY ? BOX_SUMMARY : BOX_ASIDE;
	if (!page_add_box(p, kind, labelled ? n : SIZE_MAX, n, x, 1))
		return TB_E_NOMEM;
	*c = x;
	return 1;
}

/* After line n (which could continue a), whether a later line continues a
 * with clearly more evidence of its own: then n .. are whole sentences of an
 * unlabelled box dropped into the break. */
static int lift_unlabelled(struct page *p, size_t a, size_t n, int bs_n, size_t *c)
{
	size_t x = n, k;
	int bs;

	for (k = 0; k < UNLABELLED_MAX_LINES; k++) {
		const struct page_line *l = PAGE_AT(p, x);

		if (l->role != ROLE_BODY || l->box || !lines_ends_closed(l->s, l->len) ||
		    l->f.dateline_len)
			return 0;
		x = page_next(p, x);
		if (x >= PAGE_N(p))
			return 0;
		if (may_continue(p, a, x, &bs) && bs >= UNLABELLED_MARGIN &&
		    bs >= bs_n + UNLABELLED_MARGIN) {
			if (!page_add_box(p, BOX_ASIDE, SIZE_MAX, n, x, 1))
				return TB_E_NOMEM;
			*c = x;
			return 1;
		}
	}
	return 0;
}

/* A quotation closes line a and line b opens with its attribution ("某某说。"). */
static int attribution_follows(const struct page *p, size_t a, size_t b)
{
	const struct page_line *la = PAGE_AT(p, a), *lb = PAGE_AT(p, b);
	size_t st;
	uint32_t last = lines_last(la->s, la->len, &st);

	return is_text(p, b) && !lb->box && (last == 0x201D || last == '"') &&
	       sent_opens_with_attribution(lb->s, lb->len);
}

/* The line that continues a, past furniture, pull quotes and what was
 * dropped into the break; 0 when a ends here. */
static int find_continuation(struct page *p, size_t i, size_t *c)
{
	struct page_line *a = PAGE_AT(p, i);
	size_t n = page_next(p, i);
	int bs, rc;

	if (n >= PAGE_N(p) || a->jump_end)
		return 0;
	if ((rc = lift_box(p, i, n, c)) != 0)
		return rc;
	if (!is_text(p, n))
		return 0;
	/* A dateline printed on a line of its own opens the paragraph after it. */
	if (PAGE_AT(p, n)->role == ROLE_BODY && a->f.dateline_len == a->len &&
	    !PAGE_AT(p, n)->f.dateline_len) {
		*c = n;
		return 1;
	}
	if (a->role == ROLE_SHORT && is_heading_place(p, i, n))
		return 0;
	if (!may_continue(p, i, n, &bs))
		return 0;
	if ((rc = lift_unlabelled(p, i, n, bs, c)) != 0)
		return rc;
	*c = n;
	return 1;
}

/* A closed quotation whose attribution the break moved to the next line,
 * past a caption or box dropped between. */
static int find_attribution(struct page *p, size_t i, size_t *c)
{
	size_t n = page_next(p, i), x;
	int rc;

	if (n >= PAGE_N(p) || PAGE_AT(p, i)->jump_end)
		return 0;
	if (attribution_follows(p, i, n)) {
		*c = n;
		return 1;
	}
	if (!is_caption_line(p, n))
		return 0;
	for (x = page_next(p, n); x < PAGE_N(p) && PAGE_AT(p, x)->role == ROLE_CREDIT;
	     x = page_next(p, x))
		;
	if (x >= PAGE_N(p) || !attribution_follows(p, i, x))
		return 0;
	if (!page_add_box(p, BOX_CAPTION, SIZE_MAX, n, x, 1))
		return TB_E_NOMEM;
	(void)rc;
	*c = x;
	return 1;
}

int repair_page(struct page *p)
{
	size_t i, c;
	int rc;

	for (i = 0; i < PAGE_N(p); i++) {
		struct page_line *a = PAGE_AT(p, i);

		if (a->dead || a->box || !is_text(p, i))
			continue;
		for (;;) {
			a = PAGE_AT(p, i);
			if (!lines_ends_closed(a->s, a->len))
				rc = find_continuation(p, i, &c);
			else
				rc = find_attribution(p, i, &c);
			if (rc < 0)
				return rc;
			if (rc == 0)
				break;
			if ((rc = page_join(p, i, c)) != 0)
				return rc;
			PAGE_AT(p, i)->role = ROLE_BODY;
		}
	}
	return 0;
}
