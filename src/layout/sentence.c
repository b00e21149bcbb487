#include "layout/sentence.h"

#include "core/err.h"
#include "layout/lines.h"

#include <string.h>

static int push_span(struct buf *spans, const char *s, size_t off, size_t end)
{
	const char *p = s + off;
	size_t len = end - off;
	struct sent_span *sp;

	lines_trim(&p, &len);
	if (len == 0)
		return 0;
	sp = VEC_PUSH(spans, struct sent_span);
	if (!sp)
		return TB_E_NOMEM;
	sp->off = (size_t)(p - s);
	sp->len = len;
	return 0;
}

static int is_dot(const char *s, size_t len, size_t i)
{
	return i < len && s[i] == '.';
}

/* A sentence end starting at byte i: a terminal mark, or a run of two or
 * more '.' (an ellipsis after NFKC). Returns its byte length, else 0. */
static size_t end_mark_len(const char *s, size_t len, size_t i)
{
	size_t adv, j;
	uint32_t c = lines_decode(s + i, len - i, &adv);

	if (lines_is_terminal(c))
		return adv;
	if (c == '.' && is_dot(s, len, i + 1)) {
		for (j = i; is_dot(s, len, j); j++)
			;
		return j - i;
	}
	return 0;
}

/* Extends an end found at i over further marks and closing quotes/brackets
 * ("?!", "……", "。”", "!)"). `quoted` reports whether a quote closed. */
static size_t absorb_end(const char *s, size_t len, size_t i, int *quoted, int *paren)
{
	size_t adv, m;
	uint32_t c;

	*quoted = 0;
	while (i < len) {
		m = end_mark_len(s, len, i);
		if (m) {
			i += m;
			continue;
		}
		c = lines_decode(s + i, len - i, &adv);
		if (!lines_is_closer(c))
			break;
		if (c == 0x201D || c == 0x2019 || c == 0x300D || c == 0x300F || c == '"' ||
		    c == '\'')
			*quoted = 1;
		else if (*paren > 0)
			(*paren)--;
		i += adv;
	}
	return i;
}

static int is_speech_tail(const char *s, size_t len)
{
	static const char *const verbs[] = {"说",   "道",   "表示",     "介绍", "指出",   "强调",
	                                    "坦言", "感叹", "告诉记者", "说道", "笑着说", "回忆",
	                                    "认为", "称",   "问",       "答",   NULL};
	size_t i;

	for (i = 0; verbs[i]; i++)
		if (lines_ends_with(s, len, verbs[i]))
			return 1;
	return 0;
}

/* After a quotation closing at i: when what follows up to the next end is a
 * short attribution ("某某说。"), returns the position after it, else i. */
static size_t attach_attribution(const char *s, size_t len, size_t i)
{
	size_t j = i, adv, m, nch = 0;
	uint32_t c;

	while (j < len) {
		m = end_mark_len(s, len, j);
		if (m)
			break;
		c = lines_decode(s + j, len - j, &adv);
		if (lines_is_pause(c) || lines_is_opener(c) || c == '\n')
			return i;
		nch++;
		j += adv;
	}
	if (j >= len || nch == 0)
		return i;
	if (nch <= 24 && is_speech_tail(s + i, j - i)) {
		int quoted, paren = 0;

		return absorb_end(s, len, j, &quoted, &paren);
	}
	return i;
}

int sent_opens_with_attribution(const char *s, size_t len)
{
	size_t j = 0, adv, nch = 0;
	uint32_t c;

	while (j < len && !end_mark_len(s, len, j)) {
		c = lines_decode(s + j, len - j, &adv);
		if (lines_is_pause(c)) {
			break;
		}
		if (lines_is_opener(c) || lines_is_closer(c) || ++nch > SENT_ATTRIBUTION_MAX)
			return 0;
		j += adv;
	}
	return j < len && nch > 0 && is_speech_tail(s, j);
}

/* Marks after an end that show the sentence goes on ("……等", "……,"). */
static int continues_after(const char *s, size_t len, size_t i)
{
	size_t adv;
	uint32_t c;

	if (i >= len)
		return 0;
	c = lines_decode(s + i, len - i, &adv);
	return lines_is_pause(c) || c == 0x7B49 /* 等 */;
}

int sent_split(const char *s, size_t len, struct buf *spans)
{
	size_t i = 0, start = 0, adv, m, end;
	int paren = 0, quoted, rc;
	uint32_t c;

	while (i < len) {
		m = end_mark_len(s, len, i);
		if (m && paren == 0) {
			end = absorb_end(s, len, i, &quoted, &paren);
			if (quoted)
				end = attach_attribution(s, len, end);
			if (continues_after(s, len, end)) {
				i = end;
				continue;
			}
			rc = push_span(spans, s, start, end);
			if (rc)
				return rc;
			start = i = end;
			continue;
		}
		if (m) {
			i += m;
			continue;
		}
		c = lines_decode(s + i, len - i, &adv);
		if (c == '(' || c == 0xFF08 || c == 0x300A || c == 0x3010 || c == '[' ||
		    c == 0x3014)
			paren++;
		else if ((c == ')' || c == 0xFF09 || c == 0x300B || c == 0x3011 || c == ']' ||
		          c == 0x3015) &&
		         paren > 0)
			paren--;
		i += adv;
	}
	return push_span(spans, s, start, len);
}

/* Whether a cut after the pause mark at [i, i+adv) is allowed: not a
 * thousands separator or a time/ratio between digits. */
static int cut_ok(const char *s, size_t len, size_t i, size_t adv)
{
	unsigned char a = i > 0 ? (unsigned char)s[i - 1] : 0;
	unsigned char b = i + adv < len ? (unsigned char)s[i + adv] : 0;

	if (adv == 1 && a >= '0' && a <= '9' && b >= '0' && b <= '9')
		return 0;
	return 1;
}

/* A weak mark (、 inside a list) costs this many characters of distance from
 * the ideal cut; a hard cut with no mark at all costs more. */
#define WEAK_COST 10
#define HARD_COST 40

static size_t dist(size_t a, size_t b)
{
	return a > b ? a - b : b - a;
}

/* Byte offset to cut [from, len) at: the first piece has at most max chars,
 * and the pieces come out about even. Prefers "，；：" and dashes, then "、",
 * and cuts without a mark only where none is in reach (never inside an ASCII
 * word or number). */
static size_t choose_cut(const char *s, size_t len, size_t from, size_t total, size_t max)
{
	size_t pieces = (total + max - 1) / max, target = (total + pieces - 1) / pieces;
	size_t i = from, adv, n = 0, best = 0, best_cost = (size_t)-1, cost;
	uint32_t c, next;

	while (i < len && n < max) {
		c = lines_decode(s + i, len - i, &adv);
		n++;
		i += adv;
		if (i >= len)
			break;
		next = lines_decode(s + i, len - i, &adv);
		if (lines_is_pause(c) && cut_ok(s, len, i - (c < 0x80 ? 1 : 3), c < 0x80 ? 1 : 3))
			cost = dist(n, target) + (c == 0x3001 ? WEAK_COST : 0);
		else if (c == 0x2014 && next != 0x2014)
			cost = dist(n, target); /* after a dash "——" */
		else if (!((unsigned char)s[i] < 0x80 && (unsigned char)s[i] > ' ' &&
		           (unsigned char)s[i - 1] < 0x80 && (unsigned char)s[i - 1] > ' ') &&
		         c != 0x2014 && !lines_is_opener(c) && !lines_is_closer(next) &&
		         !lines_is_pause(next) && !lines_is_terminal(next))
			cost = dist(n, target) + HARD_COST;
		else
			continue;
		if (cost < best_cost) {
			best_cost = cost;
			best = i;
		}
	}
	if (i >= len)
		return len;
	return best > from ? best : i;
}

int sent_chunks(const char *s, size_t len, size_t max_chars, struct buf *spans)
{
	size_t from = 0, cut, max = max_chars ? max_chars : SENT_CHUNK_CHARS;
	size_t left =
	        lines_nchars(s, len); /* counted once: a 5,000-character sentence stays linear */
	int rc;

	while (from < len) {
		if (left <= max)
			cut = len;
		else
			cut = choose_cut(s, len, from, left, max);
		rc = push_span(spans, s, from, cut);
		if (rc)
			return rc;
		left -= lines_nchars(s + from, cut - from);
		from = cut;
	}
	return 0;
}
