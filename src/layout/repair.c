/*
 * Line repair evidence: does line a, which does not end a sentence, go on in
 * line b? Each clue adds or takes points; length alone never decides.
 */
#include "layout/layout.h"
#include "layout/lines.h"

#include <string.h>

/* "X，Y" with two halves of about the same length: a parallel subhead. */
static int parallel_halves(const char *s, size_t len)
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
			/* a word of only CJK characters counts */
			if (opts->is_word(opts->is_word_ctx, tmp, alen - aoff + boff))
				return (int)(na + nb);
		}
	}
	return 0;
}

/* Opens like a sentence of body text: a time ("3月5日，", "近日") or a
 * sentence adverbial set off by a comma within its first few characters. */
static int opens_like_body(const char *s, size_t len)
{
	static const char *const times[] = {"近日", "日前", "昨天", "今天", "昨日", "今年", "去年",
	                                    "近期", "目前", "当天", "此前", "截至", NULL};
	size_t i = 0, adv, n = 0;
	uint32_t c;

	for (n = 0; times[n]; n++)
		if (lines_starts_with(s, len, times[n]))
			return 1;
	n = 0;
	while (i < len && s[i] >= '0' && s[i] <= '9')
		i++;
	if (i > 0 && i < len) {
		c = lines_decode(s + i, len - i, &adv);
		if (c == 0x5E74 || c == 0x6708 || c == 0x65E5) /* 年 月 日 */
			return 1;
	}
	for (i = 0; i < len && n <= 5; i += adv, n++) {
		c = lines_decode(s + i, len - i, &adv);
		if ((c == ',' || c == 0xFF0C) && n >= 2)
			return !parallel_halves(s, len);
	}
	return 0;
}

/* Points for and against joining, split by where the clue is: in the line
 * before the break (a) or in the line after it (b). */
static int score_parts(const char *a, size_t alen, const char *b, size_t blen,
                       const struct layout_opts *opts, int *b_side)
{
	size_t st, adv, na;
	uint32_t last, first;
	int score = 0, bs = 0, w;

	*b_side = 0;
	lines_trim(&a, &alen);
	lines_trim(&b, &blen);
	if (alen == 0 || blen == 0)
		return -100;
	if (lines_ends_closed(a, alen))
		return -100;
	if (lines_dateline_len(b, blen) || lines_is_byline(b, blen) || lines_is_credit(b, blen) ||
	    lines_is_sidebar_mark(b, blen))
		return -100;
	na = lines_nchars(a, alen);
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
	    !parallel_halves(a, alen))
		score += 1;
	if (na >= 12 && lines_contains(a, alen, "、"))
		score += 2;
	if (lines_starts_connective(a, alen) || opens_like_body(a, alen))
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
	if (parallel_halves(a, alen))
		score -= 3;
	if (na <= 8)
		score -= 2;
	*b_side = bs;
	return score + bs;
}

int layout_join_score(const char *a, size_t alen, const char *b, size_t blen,
                      const struct layout_opts *opts)
{
	int bs;

	return score_parts(a, alen, b, blen, opts, &bs);
}

int layout_join_score_b(const char *a, size_t alen, const char *b, size_t blen,
                        const struct layout_opts *opts)
{
	int bs;

	score_parts(a, alen, b, blen, opts, &bs);
	return bs;
}
