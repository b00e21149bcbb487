#include "layout/feat.h"

#include "layout/lines.h"

#include <string.h>

/* Lines longer than these are never the thing named. */
#define CREDIT_MAX_CHARS        40
#define BYLINE_MAX_CHARS        48
#define FURNITURE_MAX_CHARS     60
#define MASTHEAD_MAX_CHARS      10
#define BOX_LABEL_MAX_CHARS     8
#define LABEL_MAX_CHARS         8
#define ITEM_TITLE_MAX          40 /* characters inside a leading 【】 */
#define AGENCY_CREDIT_MAX_CHARS 12
#define ROLE_TOKEN_MAX_CHARS    12 /* "本报驻布达佩斯记者" */

static int is_digit(uint32_t c)
{
	return c >= '0' && c <= '9';
}

/* Chinese numerals as printed in dates and edition numbers. */
static int is_cn_digit(uint32_t c)
{
	return c >= 0x3007 && lines_in_set(c, "〇零一二三四五六七八九十百廿");
}

static uint32_t at(const char *s, size_t len, size_t i, size_t *adv)
{
	if (i >= len) {
		*adv = 0;
		return 0;
	}
	return lines_decode(s + i, len - i, adv);
}

/* Bytes of a run of digits (ASCII, or Chinese numerals when cn) at i. */
static size_t digits_at(const char *s, size_t len, size_t i, int cn, size_t *count)
{
	size_t j = i, adv, n = 0;
	uint32_t c;

	while (j < len) {
		c = at(s, len, j, &adv);
		if (!(is_digit(c) || (cn && is_cn_digit(c))))
			break;
		j += adv;
		n++;
	}
	if (count)
		*count = n;
	return j - i;
}

static int word_at(const char *s, size_t len, size_t i, const char *w)
{
	size_t n = strlen(w);

	return i + n <= len && memcmp(s + i, w, n) == 0;
}

/* 2024年1月5日 / 二〇二四年一月五日 / 1月5日 / 2024.01.05 / 2024-1-5 / 2024/1/5. */
static int has_date(const char *s, size_t len)
{
	size_t i, d, n, m, k, adv;
	uint32_t c;

	for (i = 0; i < len; i += adv ? adv : 1) {
		c = at(s, len, i, &adv);
		if (!is_digit(c) && !is_cn_digit(c))
			continue;
		if (i > 0 && is_digit((unsigned char)s[i - 1]))
			continue;
		d = digits_at(s, len, i, 1, &n);
		if (word_at(s, len, i + d, "年") && n == 4) {
			k = i + d + 3;
			m = digits_at(s, len, k, 1, &n);
			if (m && n <= 3 && word_at(s, len, k + m, "月"))
				return 1;
		}
		if (word_at(s, len, i + d, "月") && n >= 1 && n <= 3) {
			k = i + d + 3;
			m = digits_at(s, len, k, 1, &n);
			if (m && n <= 3 &&
			    (word_at(s, len, k + m, "日") || word_at(s, len, k + m, "号")))
				return 1;
		}
		/* 2024.01.05 and the like: four digits, a separator, two groups */
		d = digits_at(s, len, i, 0, &n);
		if (n == 4 && i + d < len && strchr(".-/", s[i + d])) {
			char sep = s[i + d];

			k = i + d + 1;
			m = digits_at(s, len, k, 0, &n);
			if (m && n <= 2 && k + m < len && s[k + m] == sep &&
			    digits_at(s, len, k + m + 1, 0, &n) && n <= 2)
				return 1;
		}
		i += d;
		adv = 0;
	}
	return 0;
}

static int is_day_char(const char *s, size_t len, size_t i, size_t *adv)
{
	static const char *const days[] = {"一", "二", "三", "四", "五", "六", "日", "天", NULL};
	size_t k;

	for (k = 0; days[k]; k++)
		if (word_at(s, len, i, days[k])) {
			*adv = strlen(days[k]);
			return 1;
		}
	return 0;
}

/* 星期五 / 礼拜五 / 周五 standing as a word (not 本周五, 周五起). */
static int has_weekday(const char *s, size_t len)
{
	size_t i, adv, d, a2;
	uint32_t c, prev = ' ', after;

	for (i = 0; i < len; prev = c, i += adv) {
		c = at(s, len, i, &adv);
		if ((word_at(s, len, i, "星期") || word_at(s, len, i, "礼拜")) &&
		    is_day_char(s, len, i + 6, &d))
			return 1;
		if (c == 0x5468 /* 周 */ &&
		    (i == 0 || lines_is_space(prev) || is_digit(prev) || prev == 0x65E5 /* 日 */) &&
		    is_day_char(s, len, i + adv, &d)) {
			after = at(s, len, i + adv + d, &a2);
			if (after == 0 || lines_is_space(after))
				return 1;
		}
	}
	return 0;
}

static int has_lunar(const char *s, size_t len)
{
	static const char *const months[] = {"正月", "腊月", "冬月", NULL};
	size_t k;

	if (lines_contains(s, len, "农历"))
		return 1;
	for (k = 0; months[k]; k++)
		if (lines_contains(s, len, months[k]) &&
		    (lines_contains(s, len, "初") || lines_contains(s, len, "廿") ||
		     lines_contains(s, len, "十")))
			return 1;
	return 0;
}

/* A space-separated token. */
struct tok {
	size_t off, len;
};

static size_t next_token(const char *s, size_t len, size_t i, struct tok *t)
{
	size_t adv;

	while (i < len && lines_is_space(at(s, len, i, &adv)))
		i += adv;
	t->off = i;
	while (i < len && !lines_is_space(at(s, len, i, &adv)))
		i += adv;
	t->len = i - t->off;
	return i;
}

/* An edition code as a token: A06, B2, 07版, 第2版, 今日8版, 第十二版. */
static int is_edition_token(const char *s, size_t len)
{
	size_t i = 0, d, n;

	if (len >= 2 && len <= 3 && s[0] >= 'A' && s[0] <= 'H' && is_digit((unsigned char)s[1]) &&
	    (len == 2 || is_digit((unsigned char)s[2])))
		return 1;
	if (word_at(s, len, 0, "第"))
		i = 3;
	else if (word_at(s, len, 0, "今日"))
		i = 6;
	if (i < len && s[i] >= 'A' && s[i] <= 'H')
		i++;
	d = digits_at(s, len, i, 1, &n);
	return d && n <= 4 && word_at(s, len, i + d, "版") && i + d + 3 == len;
}

static int has_edition(const char *s, size_t len)
{
	size_t i = 0, adv, d, n;
	struct tok t;

	while ((i = next_token(s, len, i, &t)) > t.off)
		if (is_edition_token(s + t.off, t.len))
			return 1;
	/* 第2版 inside a token ("要闻第2版") */
	for (i = 0; i + 3 < len; i += adv) {
		at(s, len, i, &adv);
		if (!word_at(s, len, i, "第"))
			continue;
		d = digits_at(s, len, i + 3, 1, &n);
		if (d && n <= 3 && word_at(s, len, i + 3 + d, "版"))
			return 1;
	}
	return 0;
}

static int has_issue(const char *s, size_t len)
{
	size_t i, adv, d, n;

	if (lines_contains(s, len, "出版物号") || lines_contains(s, len, "代号"))
		return 1;
	for (i = 0; i + 2 < len; i += adv) {
		at(s, len, i, &adv);
		if (word_at(s, len, i, "第")) {
			d = digits_at(s, len, i + 3, 0, &n);
			if (d && word_at(s, len, i + 3 + d, "期"))
				return 1;
		}
		if (word_at(s, len, i, "CN") && i + 2 < len && is_digit((unsigned char)s[i + 2]))
			return 1;
	}
	return 0;
}

/* "8", "- 8 -", "08": a page number on a line of its own. */
static int is_page_no(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++) {
		if (is_digit((unsigned char)s[i]))
			n++;
		else if (s[i] != ' ' && s[i] != '-')
			return 0;
	}
	return n >= 1 && n <= 3;
}

size_t feat_bullet_len(const char *s, size_t len, uint32_t *c)
{
	size_t i = 0, adv;
	uint32_t b;
	int found = 0;

	*c = 0;
	while (i < len) {
		b = at(s, len, i, &adv);
		if (lines_is_space(b) && found) {
			i += adv;
			continue;
		}
		if (b < 0x2022 || !lines_in_set(b, "■□▲△▼▽●○◆◇★☆▶►•◎◉"))
			break;
		if (!found)
			*c = b;
		found = 1;
		i += adv;
	}
	return found ? i : 0;
}

static int is_caption_arrow(uint32_t c)
{
	return c == 0x25B2 || c == 0x25B3 || c == 0x25BC || c == 0x25BD; /* ▲△▼▽ */
}

size_t feat_key(const char *s, size_t len, char *out, size_t cap)
{
	size_t i = 0, n = 0, adv, st, bl;
	uint32_t c, b;
	int spaced = 1, tokens = 0;
	struct tok t;

	lines_trim(&s, &len);
	bl = feat_bullet_len(s, len, &b);
	s += bl;
	len -= bl;
	/* enclosing brackets of a label: 【来信】, 〔观察〕, [观察] */
	if (len >= 2) {
		uint32_t first = lines_decode(s, len, &adv), last = lines_last(s, len, &st);

		if ((first == 0x3010 && last == 0x3011) || (first == 0x3014 && last == 0x3015) ||
		    (first == '[' && last == ']')) {
			s += adv;
			len = st - adv;
			lines_trim(&s, &len);
		}
	}
	while (len > 0) {
		c = lines_last(s, len, &st);
		if (c != ':' && c != 0xFF1A)
			break;
		len = st;
		lines_trim(&s, &len);
	}
	while ((i = next_token(s, len, i, &t)) > t.off) {
		tokens++;
		if (lines_nchars(s + t.off, t.len) != 1)
			spaced = 0;
	}
	spaced = spaced && tokens >= 2;
	for (i = 0; i < len; i += adv) {
		c = at(s, len, i, &adv);
		if (spaced && lines_is_space(c))
			continue;
		if (n + adv >= cap)
			return 0;
		memcpy(out + n, s + i, adv);
		n += adv;
	}
	out[n] = '\0';
	return n;
}

static int is_letter_spaced(const char *s, size_t len)
{
	size_t i = 0, adv;
	int tokens = 0;
	struct tok t;

	while ((i = next_token(s, len, i, &t)) > t.off) {
		if (lines_nchars(s + t.off, t.len) != 1 ||
		    !lines_is_cjk(lines_decode(s + t.off, t.len, &adv)))
			return 0;
		tokens++;
	}
	return tokens >= 2;
}

static int count_chars(const char *s, size_t len, struct feat *f)
{
	size_t i, adv;
	uint32_t c;
	int letters = 0;

	for (i = 0; i < len; i += adv) {
		c = at(s, len, i, &adv);
		f->nchars++;
		if (lines_is_cjk(c)) {
			f->ncjk++;
			letters++;
		} else if (is_digit(c)) {
			f->ndigits++;
			letters++;
		} else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
			f->nlatin++;
			letters++;
		} else if ((c >= 0x2460 && c <= 0x24FF) || (c >= 0x2160 && c <= 0x217F)) {
			letters++; /* ①, Ⅱ */
		} else if (c == ',' || c == 0xFF0C || c == 0x3001) {
			f->has_comma = 1;
		}
	}
	return letters;
}

static enum feat_end end_class(const char *s, size_t len)
{
	size_t st;
	uint32_t c;

	if (lines_ends_with(s, len, "——") || lines_ends_with(s, len, "—") ||
	    lines_ends_with(s, len, "--"))
		return FEAT_DASH;
	while (len > 0) {
		c = lines_last(s, len, &st);
		if (lines_is_terminal(c) || c == '.')
			return FEAT_CLOSED;
		if (c == ':' || c == 0xFF1A || c == ';' || c == 0xFF1B)
			return FEAT_COLON;
		if (c == ',' || c == 0xFF0C || c == 0x3001)
			return FEAT_PAUSE;
		if (!lines_is_closer(c))
			return FEAT_OPEN;
		len = st;
	}
	return FEAT_OPEN;
}

/* Skips a bullet and the spaces around it. */
static void skip_bullet(const char **s, size_t *len)
{
	uint32_t c;
	size_t n;

	lines_trim(s, len);
	n = feat_bullet_len(*s, *len, &c);
	*s += n;
	*len -= n;
	lines_trim(s, len);
}

/* The whole line is one group in round brackets: "(记者 某某)". */
static int is_round_bracketed(const char *s, size_t len)
{
	size_t i = 0, adv;
	int depth = 0;
	uint32_t c;

	if (!(lines_starts_with(s, len, "(") || lines_starts_with(s, len, "（")))
		return 0;
	while (i < len) {
		c = at(s, len, i, &adv);
		if (c == '(' || c == 0xFF08)
			depth++;
		else if ((c == ')' || c == 0xFF09) && --depth == 0)
			return i + adv == len;
		i += adv;
	}
	return 0;
}

static int has_comma_char(const char *s, size_t len)
{
	return lines_contains(s, len, ",") || lines_contains(s, len, "，");
}

/* "本报驻布达佩斯记者 韩冰": a first word that ends in a role (…记者, …通讯员), then
 * a name of two to four characters. */
static int role_token_first(const char *s, size_t len, const struct layout_hints *h)
{
	struct tok role, name;
	size_t i = next_token(s, len, 0, &role), k, adv, n;

	if (lines_nchars(s + role.off, role.len) > ROLE_TOKEN_MAX_CHARS ||
	    !hints_suffix(h, HINT_BYLINE_ROLE, s + role.off, role.len))
		return 0;
	for (k = role.off; k < role.off + role.len; k += adv)
		if (!lines_is_cjk(at(s, len, k, &adv)))
			return 0;
	next_token(s, len, i, &name);
	n = lines_nchars(s + name.off, name.len);
	if (n < 2 || n > 4)
		return 0;
	for (k = name.off; k < name.off + name.len; k += adv)
		if (!lines_is_cjk(at(s, len, k, &adv)))
			return 0;
	return 1;
}

int feat_is_byline(const char *s, size_t len, const struct layout_hints *h)
{
	skip_bullet(&s, &len);
	if (len == 0 || lines_nchars(s, len) > BYLINE_MAX_CHARS || lines_has_inner_end(s, len) ||
	    lines_ends_closed(s, len))
		return 0;
	/* A note standing alone in brackets: "(记者 某某)", "(作者为…)". */
	if (is_round_bracketed(s, len))
		return 1;
	if (has_comma_char(s, len) && !lines_starts_with(s, len, "本报"))
		return 0;
	return hints_prefix(h, HINT_BYLINE_ROLE, s, len) > 0 || role_token_first(s, len, h);
}

/* The credit words end the line: "…摄", "…供图"; a one-character word
 * ("图") only after a space, where it cannot be the end of a noun. */
static int ends_credit_word(const char *s, size_t len, const struct layout_hints *h)
{
	size_t n = hints_suffix(h, HINT_CREDIT_SUFFIX, s, len), st;

	if (!n)
		return 0;
	if (lines_nchars(s + len - n, n) > 1 ||
	    lines_decode(s + len - n, n, &st) == 0x6444 /* 摄 */)
		return len > n;
	return len > n && lines_is_space(lines_last(s, len - n, &st));
}

int feat_is_credit(const char *s, size_t len, const struct layout_hints *h)
{
	skip_bullet(&s, &len);
	if (is_round_bracketed(s, len)) {
		s += 1 + (s[0] != '(') * 2;
		len -= 2 + (s[-1] != '(') * 4;
		lines_trim(&s, &len);
	}
	if (len == 0 || lines_nchars(s, len) > CREDIT_MAX_CHARS || lines_has_inner_end(s, len) ||
	    lines_ends_closed(s, len) || has_comma_char(s, len))
		return 0;
	if (hints_prefix(h, HINT_CREDIT_PREFIX, s, len))
		return 1;
	if (lines_ends_with(s, len, "发") && hints_prefix(h, HINT_AGENCY, s, len) &&
	    lines_nchars(s, len) <= AGENCY_CREDIT_MAX_CHARS)
		return 1; /* "新华社发": a photo the agency released */
	if (lines_ends_with(s, len, "提供") && lines_contains(s, len, "图"))
		return 1; /* "图片由受访者提供" */
	return ends_credit_word(s, len, h);
}

size_t feat_credit_tail(const char *s, size_t len, const struct layout_hints *h)
{
	size_t i = 0, adv, end = 0, r;
	uint32_t c;

	/* the end of the last sentence of the line, closing quotes included */
	while (i < len) {
		c = at(s, len, i, &adv);
		i += adv;
		if (lines_is_terminal(c)) {
			while (i < len && lines_is_closer(at(s, len, i, &adv)))
				i += adv;
			end = i;
		}
	}
	if (!end || end >= len)
		return 0;
	r = end;
	while (r < len && lines_is_space(at(s, len, r, &adv)))
		r += adv;
	if (r >= len || !feat_is_credit(s + r, len - r, h))
		return 0;
	return r;
}

static size_t bracket_len(const char *s, size_t len)
{
	size_t i = 0, adv;
	int depth = 0;
	uint32_t c;

	while (i < len) {
		c = at(s, len, i, &adv);
		if (c == '(' || c == 0xFF08)
			depth++;
		else if (c == ')' || c == 0xFF09) {
			if (--depth == 0)
				return i + adv;
		} else if (i == 0)
			return 0;
		i += adv;
	}
	return 0;
}

static size_t skip_spaces(const char *s, size_t len, size_t i)
{
	size_t adv;

	while (i < len && lines_is_space(at(s, len, i, &adv)))
		i += adv;
	return i;
}

/* Credits printed without brackets after a dateline, separated by spaces:
 * "记者 某某 通讯员 某某 " or "记者某某 ". Returns where the text begins. */
static size_t skip_credit_tokens(const char *s, size_t len, size_t i, const struct layout_hints *h)
{
	size_t end = i, e, k, adv, n;
	int after_role = 0;

	while (i < len) {
		for (e = i; e < len && !lines_is_space(at(s, len, e, &adv)); e += adv)
			;
		if (e >= len)
			break; /* the last token is the text itself */
		n = lines_nchars(s + i, e - i);
		if (hints_prefix(h, HINT_BYLINE_ROLE, s + i, e - i) && n <= 8) {
			after_role = 1;
		} else if (after_role && n >= 2 && n <= 4) {
			for (k = i; k < e; k += adv)
				if (!lines_is_cjk(at(s, e, k, &adv)))
					return end;
		} else {
			break;
		}
		end = i = skip_spaces(s, len, e);
	}
	return end;
}

/* "本报讯", "南都讯", "晚报讯": a paper's own news-flash opener, one to four
 * characters and 讯; returns its bytes or 0. */
static size_t flash_len(const char *s, size_t len)
{
	size_t i = 0, adv, n = 0;

	while (i < len && n < 5) {
		uint32_t c = at(s, len, i, &adv);

		if (c == 0x8BAF /* 讯 */)
			return n >= 1 ? i + adv : 0;
		if (!lines_is_cjk(c))
			return 0;
		i += adv;
		n++;
	}
	return 0;
}

size_t feat_dateline_len(const char *s, size_t len, const struct layout_hints *h)
{
	size_t i, n, b, limit, f = flash_len(s, len);

	if (f) {
		i = skip_spaces(s, len, f);
		b = bracket_len(s + i, len - i);
		if (b)
			return skip_spaces(s, len, i + b);
		if (i > f)
			return skip_credit_tokens(s, len, i, h);
		/* "本报讯" glued to the text: only the listed agencies */
		return hints_prefix(h, HINT_AGENCY, s, len) ? i : 0;
	}
	n = hints_prefix(h, HINT_AGENCY, s, len);
	if (!n)
		return 0;
	/* "本报北京1月3日电(...)": the 电 comes within a few characters. */
	limit = lines_char_off(s, len, 20);
	for (i = n; i + 3 <= limit; i++) {
		if (memcmp(s + i, "电", 3) == 0) {
			size_t j = skip_spaces(s, len, i + 3);

			b = bracket_len(s + j, len - j);
			if (!b && !(j < len && lines_is_space((unsigned char)s[i + 3])))
				return 0;
			return b ? skip_spaces(s, len, j + b) : skip_credit_tokens(s, len, j, h);
		}
		if (s[i] == ',' || memcmp(s + i, "，", 3) == 0 || memcmp(s + i, "。", 3) == 0)
			return 0;
	}
	return 0;
}

/* Edition number characters of a continuation note: 2, A03, 四, 十二. */
static size_t jump_number_len(const char *s, size_t len, size_t i)
{
	size_t j = i, n;

	if (j < len && s[j] >= 'A' && s[j] <= 'H')
		j++;
	j += digits_at(s, len, j, 1, &n);
	return j > i ? j - i : 0;
}

int feat_find_jump(const char *s, size_t len, size_t from, size_t *start, size_t *end)
{
	static const char *const triggers[] = {"下转", "上接", "紧接", "转至", "转",
	                                       "接",   "续",   "详见", "见",   NULL};
	size_t i, k, j, n, adv, a2;
	uint32_t prev, c;

	for (i = from; i < len; i += adv) {
		c = at(s, len, i, &adv);
		if (c < 0x4E00 || !lines_in_set(c, "下上紧转接续详见"))
			continue;
		for (k = 0; triggers[k]; k++) {
			if (!word_at(s, len, i, triggers[k]))
				continue;
			j = i + strlen(triggers[k]);
			if (word_at(s, len, j, "第"))
				j += 3;
			else if (word_at(s, len, j, "本报第"))
				j += 9;
			n = jump_number_len(s, len, j);
			if (!n || !(word_at(s, len, j + n, "版") || word_at(s, len, j + n, "页")))
				continue;
			j += n + 3;
			*start = i;
			*end = j;
			/* the brackets around it, when there are */
			if (i > 0) {
				prev = lines_last(s, i, &a2);
				if (lines_is_opener(prev)) {
					c = at(s, len, j, &n);
					if (lines_is_closer(c)) {
						*start = a2;
						*end = j + n;
					}
				}
			}
			/* without brackets only a note standing at an end of the line */
			if (*start == i && !(i == from || j == len))
				continue;
			return 1;
		}
	}
	return 0;
}

static int is_furniture_token(const char *s, size_t len, const struct layout_hints *h, int *anchor)
{
	char key[128];
	size_t n;

	if (has_date(s, len) && lines_nchars(s, len) <= 12) {
		*anchor = 1;
		return 1;
	}
	if (is_edition_token(s, len) || has_weekday(s, len)) {
		*anchor = 1;
		return 1;
	}
	n = feat_key(s, len, key, sizeof(key));
	if (!n)
		return 0;
	return hints_has(h, HINT_SECTION, key, n) ||
	       (lines_nchars(key, n) <= MASTHEAD_MAX_CHARS &&
	        hints_suffix(h, HINT_MASTHEAD_SUFFIX, key, n) && n > 3);
}

size_t feat_header_prefix(const char *s, size_t len, const struct layout_hints *h)
{
	size_t i = 0, last = 0;
	int tokens = 0, anchor = 0;
	struct tok t;

	while ((i = next_token(s, len, i, &t)) > t.off) {
		if (!is_furniture_token(s + t.off, t.len, h, &anchor))
			break;
		tokens++;
		last = skip_spaces(s, len, i);
	}
	if (tokens < 2 || !anchor || last >= len || last == 0)
		return 0;
	return last;
}

int feat_opens_like_body(const char *s, size_t len, const struct layout_hints *h)
{
	size_t i = 0, adv, w;
	uint32_t c;

	if (hints_prefix(h, HINT_TIME_OPENING, s, len))
		return 1;
	w = hints_prefix(h, HINT_CONNECTIVE, s, len);
	if (w && w < len) {
		c = at(s, len, w, &adv);
		if (c == ',' || c == 0xFF0C)
			return 1;
	}
	while (i < len && is_digit((unsigned char)s[i]))
		i++;
	if (i > 0 && i < len) {
		c = at(s, len, i, &adv);
		if (c == 0x5E74 || c == 0x6708 || c == 0x65E5) /* 年 月 日 */
			return 1;
	}
	return 0;
}

/* Bytes of a caption mark to leave unread ("▲", "上图:"), and whether the
 * line opens like a caption at all ("图为…" is read as printed). */
static size_t caption_mark(const char *s, size_t len, const struct layout_hints *h, int *is_caption)
{
	size_t n, adv;
	uint32_t c = at(s, len, 0, &adv);

	*is_caption = 0;
	if (is_caption_arrow(c)) {
		*is_caption = 1;
		return skip_spaces(s, len, adv);
	}
	n = hints_prefix(h, HINT_CAPTION_MARK, s, len);
	if (!n)
		return 0;
	c = at(s, len, n, &adv);
	*is_caption = 1;
	if (c == ':' || c == 0xFF1A)
		return skip_spaces(s, len, n + adv);
	return 0;
}

/* "【标题】正文…": bytes of the bracketed title when text follows it. */
static size_t item_title(const char *s, size_t len)
{
	size_t i, adv, n = 0;
	uint32_t c;

	if (!lines_starts_with(s, len, "【"))
		return 0;
	for (i = 3; i < len && n <= ITEM_TITLE_MAX; i += adv, n++) {
		c = at(s, len, i, &adv);
		if (c == 0x3011) {
			i += adv;
			return lines_nchars(s + i, len - i) >= 4 ? i : 0;
		}
	}
	return 0;
}

/* "编者按：…" on one line: bytes of the label and its colon. */
static size_t box_mark(const char *s, size_t len, const struct layout_hints *h)
{
	size_t n = hints_prefix(h, HINT_SUMMARY, s, len), adv;
	uint32_t c;

	if (!n)
		n = hints_prefix(h, HINT_ASIDE, s, len);
	if (!n || n >= len)
		return 0;
	c = at(s, len, n, &adv);
	if ((c == ':' || c == 0xFF1A) && n + adv < len)
		return n + adv;
	return 0;
}

size_t feat_list_number(const char *s, size_t len)
{
	size_t d, n, adv, i = 0;
	uint32_t c = at(s, len, 0, &adv), close;
	int cn = 1;

	if (c >= 0x2460 && c <= 0x2473) /* ①..⑳ */
		return adv;
	if (c == '(' || c == 0xFF08) {
		i = adv;
		close = ')';
	} else {
		close = 0;
	}
	if (i < len && is_digit((unsigned char)s[i]))
		cn = 0;
	d = digits_at(s, len, i, cn, &n);
	if (!d || n > 3)
		return 0;
	i += d;
	c = at(s, len, i, &adv);
	if (close ? (c == ')' || c == 0xFF09) : (c == 0x3001 || (c == '.' && !cn)))
		return i + adv < len ? i + adv : 0;
	return 0;
}

/* "(记者 某某)", "(本报记者 某某 通讯员 某某)": a signature closing a story. */
static int is_signature(const char *s, size_t len, const struct layout_hints *h)
{
	size_t adv;

	if (!is_round_bracketed(s, len))
		return 0;
	lines_decode(s, len, &adv);
	return hints_prefix(h, HINT_BYLINE_ROLE, s + adv, len - adv) > 0;
}

/* "记者：…", "问：…", "李想：…": a turn of an interview. */
static int opens_turn(const char *s, size_t len)
{
	size_t i, adv, n = 0;
	uint32_t c;

	for (i = 0; i < len && n <= 5; i += adv, n++) {
		c = at(s, len, i, &adv);
		if ((c == ':' || c == 0xFF1A) && n >= 1)
			return i + adv < len;
		if (!lines_is_cjk(c))
			return 0;
	}
	return 0;
}

/* A line naming a web or mail address. */
static int has_address(const char *s, size_t len)
{
	return lines_contains(s, len, "@") || lines_contains(s, len, "www.") ||
	       lines_contains(s, len, "http") || lines_contains(s, len, ".cn") ||
	       lines_contains(s, len, ".com");
}

/* "新闻热线：96128", "本版邮箱：…@…", "扫码关注…": a contact word that opens the
 * line before a colon, a space or a number, or any contact word on a line with a
 * phone number or an address. */
static int is_contact(const char *s, size_t len, const struct feat *f, const struct layout_hints *h)
{
	size_t n = hints_prefix(h, HINT_CONTACT, s, len), adv;
	uint32_t c;

	if (n && n < len) {
		c = at(s, len, n, &adv);
		if (c == ':' || c == 0xFF1A || lines_is_space(c) || is_digit(c))
			return 1;
	}
	return (f->ndigits >= 5 || has_address(s, len)) && hints_within(h, HINT_CONTACT, s, len);
}

/* "责任编辑：某某 校对：某某": staff words, each followed by a colon or a space. */
static int is_staff(const char *s, size_t len, const struct layout_hints *h)
{
	size_t n = hints_prefix(h, HINT_STAFF, s, len), adv;
	uint32_t c;

	if (!n || n >= len)
		return 0;
	c = at(s, len, n, &adv);
	return c == ':' || c == 0xFF1A || lines_is_space(c);
}

/* The hash of the line as printed, letter-spacing aside: "要 闻" and "要闻" are
 * the same line, "【校园】" and "校园" are not. */
static uint64_t line_hash(const char *s, size_t len, const struct feat *f)
{
	uint64_t h = 1469598103934665603ull;
	size_t i;

	for (i = 0; i < len; i++) {
		if (f->letter_spaced && s[i] == ' ')
			continue;
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h | 1;
}

void feat_compute(const char *s, size_t len, const struct layout_hints *h, struct feat *f)
{
	char key[256];
	size_t klen, st;
	int letters, caption = 0;

	memset(f, 0, sizeof(*f));
	lines_trim(&s, &len);
	letters = count_chars(s, len, f);
	f->symbols_only = letters == 0;
	f->end = end_class(s, len);
	f->inner_end = lines_has_inner_end(s, len);
	f->unbalanced = lines_unbalanced(s, len);
	f->letter_spaced = is_letter_spaced(s, len);
	f->bullet_len = feat_bullet_len(s, len, &f->bullet);
	klen = feat_key(s, len, key, sizeof(key));
	f->key_chars = lines_nchars(key, klen);
	f->key_hash = line_hash(s, len, f);
	if (f->nchars <= FURNITURE_MAX_CHARS && f->end != FEAT_CLOSED && !f->inner_end) {
		f->date = has_date(s, len);
		f->weekday = has_weekday(s, len);
		f->lunar = has_lunar(s, len);
		f->edition = has_edition(s, len);
		f->issue = has_issue(s, len);
		f->staff = is_staff(s, len, h);
		f->contact = is_contact(s, len, f, h);
		f->page_no = is_page_no(s, len);
		f->pattern = hints_furniture(h, s, len);
		f->section = klen && hints_has(h, HINT_SECTION, key, klen);
		f->masthead = klen > 3 && lines_nchars(key, klen) <= MASTHEAD_MAX_CHARS &&
		              f->ndigits == 0 && !f->has_comma &&
		              hints_suffix(h, HINT_MASTHEAD_SUFFIX, key, klen) > 0 &&
		              hints_suffix(h, HINT_MASTHEAD_SUFFIX, key, klen) < klen;
	}
	f->byline = feat_is_byline(s, len, h);
	f->credit = feat_is_credit(s, len, h);
	if (klen && lines_nchars(key, klen) <= LABEL_MAX_CHARS && f->end != FEAT_CLOSED) {
		f->label_word = hints_has(h, HINT_LABEL, key, klen);
		f->label_hint = f->label_word || (!f->has_comma && f->ndigits == 0 &&
		                                  hints_suffix(h, HINT_LABEL_SUFFIX, key, klen));
	}
	if (klen && lines_nchars(key, klen) <= BOX_LABEL_MAX_CHARS && f->end != FEAT_CLOSED &&
	    f->end != FEAT_PAUSE) {
		if (hints_has(h, HINT_SUMMARY, key, klen))
			f->box_hint = FEAT_BOX_SUMMARY;
		else if (hints_has(h, HINT_ASIDE, key, klen))
			f->box_hint = FEAT_BOX_ASIDE;
		else if (!f->has_comma && hints_suffix(h, HINT_BOX_SUFFIX, key, klen))
			f->box_hint = FEAT_BOX_SUFFIX;
	}
	if (klen && lines_nchars(key, klen) <= 10 && f->end != FEAT_CLOSED)
		f->briefs_hint = hints_has(h, HINT_BRIEFS, key, klen) ||
		                 hints_suffix(h, HINT_BRIEFS_SUFFIX, key, klen);
	if (len >= 6) {
		uint32_t first = lines_decode(s, len, &st), last = lines_last(s, len, &st);

		f->bracketed =
		        ((first == 0x3010 && last == 0x3011) ||
		         (first == 0x3014 && last == 0x3015) || (first == '[' && last == ']')) &&
		        f->nchars <= 14;
	}
	f->caption_len = caption_mark(s, len, h, &caption);
	f->caption = caption;
	f->item_title_len = item_title(s, len);
	f->mark_len = box_mark(s, len, h);
	f->dateline_len = feat_dateline_len(s, len, h);
	f->turn = opens_turn(s, len);
	f->number_len = feat_list_number(s, len);
	f->signature = f->byline && is_signature(s, len, h);
}
