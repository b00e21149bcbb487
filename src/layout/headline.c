#include "layout/headline.h"

#include "layout/lines.h"

#include <string.h>

/* A label found only by how it ends is at most this long. */
#define LABEL_SHAPE_MAX_CHARS 5
/* A label with "·" ("对话·新职业") is at most this long. */
#define LABEL_DOT_MAX_CHARS 10
/* A bare name under a headline: two to four characters. */
#define NAME_MAX_CHARS 4
/* A first line this short above a longer one sets the scene: a kicker. */
#define SHORT_KICKER_MAX_CHARS 5
/* Lines after the title beyond this many are not subtitles but text set
 * without punctuation (verse, lists): body paragraphs. */
#define SUBTITLE_MAX_LINES 2

const char *headline_part_name(enum headline_part part)
{
	static const char *const names[] = {"label",    "kicker", "title",
	                                    "subtitle", "byline", "body"};

	return names[part];
}

static const struct page_line *L(const struct page *p, size_t i)
{
	return PAGE_AT(p, i);
}

static int starts_dash(const struct page_line *l)
{
	return lines_starts_with(l->s, l->len, "—") || lines_starts_with(l->s, l->len, "--");
}

static int ends_colon(const struct page_line *l)
{
	return lines_ends_with(l->s, l->len, ":") || lines_ends_with(l->s, l->len, "：");
}

static int has_middle_dot(const struct page_line *l)
{
	return lines_contains(l->s, l->len, "·") || lines_contains(l->s, l->len, "•");
}

int headline_is_label(const struct page *p, size_t i, size_t next)
{
	const struct page_line *a = L(p, i), *b = L(p, next);

	if (a->f.end == FEAT_DASH || ends_colon(a) || a->f.bullet_len)
		return 0;
	if (a->f.bracketed || a->f.label_word)
		return 1;
	if (has_middle_dot(a) && a->f.nchars <= LABEL_DOT_MAX_CHARS)
		return 1;
	return a->f.label_hint && a->f.nchars <= LABEL_SHAPE_MAX_CHARS &&
	       b->f.nchars >= a->f.nchars + 3;
}

/* Two to four CJK characters, maybe after a bullet: a personal name. */
static int looks_like_name(const struct page_line *l)
{
	const char *s = l->s + l->f.bullet_len;
	size_t len = l->len - l->f.bullet_len, k, adv, n;

	lines_trim(&s, &len);
	n = lines_nchars(s, len);
	if (n < 2 || n > NAME_MAX_CHARS || l->f.label_word)
		return 0;
	for (k = 0; k < len; k += adv)
		if (!lines_is_cjk(lines_decode(s + k, len - k, &adv)))
			return 0;
	return 1;
}

/* A second line this short (quotes aside) is the end of the title, not a
 * subtitle: subtitles are whole statements. */
#define TITLE_TAIL_MAX_CHARS 6

/* Characters of a line without its quotation marks. */
static size_t chars_unquoted(const struct page_line *l)
{
	size_t i, adv, n = 0;
	uint32_t c;

	for (i = 0; i < l->len; i += adv) {
		c = lines_decode(l->s + i, l->len - i, &adv);
		if (c != 0x201C && c != 0x201D && c != '"' && !lines_is_space(c))
			n++;
	}
	return n;
}

/* Lines a and b are one title printed over two lines. */
static int split_title(const struct page *p, size_t a, size_t b)
{
	const struct page_line *la = L(p, a), *lb = L(p, b);
	size_t st, adv;
	uint32_t last, first;
	int score = 0;

	if (la->f.end != FEAT_OPEN || starts_dash(lb) || lb->f.end == FEAT_DASH)
		return 0;
	last = lines_last(la->s, la->len, &st);
	first = lines_decode(lb->s, lb->len, &adv);
	if (lines_rare_final(last))
		score += 3; /* "一座老厂房的" cannot end a headline */
	if (la->f.unbalanced || lines_is_opener(last))
		score += 3;
	if (lines_is_closer(first) || lines_is_pause(first) || lines_rare_initial(first))
		score += 3;
	if (chars_unquoted(lb) <= TITLE_TAIL_MAX_CHARS && la->f.nchars > TITLE_TAIL_MAX_CHARS &&
	    !lb->f.has_comma)
		score += 3;
	return score >= 3;
}

static void set_range(enum headline_part *part, size_t from, size_t to, enum headline_part v)
{
	for (; from < to; from++)
		part[from] = v;
}

/* Of two unmarked units [a0,a1) and [b0,b1), whether the first is a kicker. */
static int first_is_kicker(const struct page *p, const size_t *idx, size_t a0, size_t a1, size_t b0,
                           size_t b1)
{
	size_t na = 0, nb = 0, k;
	int kick = 0, sub = 0, digits = 0, comma = 0;

	for (k = a0; k < a1; k++)
		na += L(p, idx[k])->f.nchars;
	for (k = b0; k < b1; k++) {
		nb += L(p, idx[k])->f.nchars;
		digits |= L(p, idx[k])->f.ndigits > 0;
		comma |= L(p, idx[k])->f.has_comma;
	}
	if (na <= SHORT_KICKER_MAX_CHARS && nb >= na + 4)
		kick += 4;
	if (na >= nb + 8)
		kick += 2;
	if (nb >= na + 4 && (digits || comma))
		sub += 2;
	if (digits)
		sub += 1;
	return kick > sub;
}

void headline_parse(const struct page *p, const size_t *idx, size_t n, enum headline_part *part)
{
	size_t j = 0, end = n, kend, sub, k, u, nunits = 0, left;
	size_t ufirst[8], uend[8];

	set_range(part, 0, n, HL_BODY);
	if (n == 0)
		return;
	if (n >= 2 && headline_is_label(p, idx[0], idx[1])) {
		part[0] = HL_LABEL;
		j = 1;
	}
	if (end - j >= 2 && looks_like_name(L(p, idx[end - 1]))) {
		part[end - 1] = HL_BYLINE;
		end--;
	}
	/* a kicker: up to a line ending in "——", or a place before a colon */
	kend = j;
	for (k = end - 1; k > j; k--)
		if (L(p, idx[k - 1])->f.end == FEAT_DASH) {
			kend = k;
			break;
		}
	if (kend == j && end - j >= 2 && ends_colon(L(p, idx[j])))
		kend = j + 1;
	set_range(part, j, kend, HL_KICKER);
	/* a subtitle: from a line starting with "——" */
	for (sub = kend + 1; sub < end && !starts_dash(L(p, idx[sub])); sub++)
		;
	/* the lines between, as units: a title over two lines is one unit */
	for (k = kend; k < sub && nunits < 8; k++) {
		if (nunits > 0 && uend[nunits - 1] == k && k - ufirst[nunits - 1] == 1 &&
		    split_title(p, idx[k - 1], idx[k])) {
			uend[nunits - 1] = k + 1;
			continue;
		}
		ufirst[nunits] = k;
		uend[nunits++] = k + 1;
	}
	u = 0;
	if (kend == j &&
	    ((nunits == 3 && sub == end) || (nunits == 2 && sub < end) ||
	     (nunits == 2 && first_is_kicker(p, idx, ufirst[0], uend[0], ufirst[1], uend[1])))) {
		set_range(part, ufirst[0], uend[0], HL_KICKER);
		u = 1;
	}
	if (u < nunits) {
		set_range(part, ufirst[u], uend[u], HL_TITLE);
		u++;
	} else if (kend > j && sub == end) {
		set_range(part, j, kend, HL_TITLE); /* a kicker with nothing under it */
	}
	left = nunits - u;
	for (k = 0; u < nunits; u++, k++)
		set_range(part, ufirst[u], uend[u],
		          left <= SUBTITLE_MAX_LINES || k == 0 ? HL_SUBTITLE : HL_BODY);
	set_range(part, sub, end, HL_SUBTITLE);
}
