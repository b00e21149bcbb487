#include "layout/lines.h"

#include <string.h>

uint32_t lines_decode(const char *s, size_t len, size_t *adv)
{
	const unsigned char *u = (const unsigned char *)s;
	uint32_t c;
	size_t n, i;

	if (u[0] < 0x80) {
		*adv = 1;
		return u[0];
	}
	if ((u[0] & 0xE0) == 0xC0) {
		n = 2;
		c = u[0] & 0x1F;
	} else if ((u[0] & 0xF0) == 0xE0) {
		n = 3;
		c = u[0] & 0x0F;
	} else if ((u[0] & 0xF8) == 0xF0) {
		n = 4;
		c = u[0] & 0x07;
	} else {
		*adv = 1;
		return 0xFFFD;
	}
	if (n > len) {
		*adv = 1;
		return 0xFFFD;
	}
	for (i = 1; i < n; i++) {
		if ((u[i] & 0xC0) != 0x80) {
			*adv = 1;
			return 0xFFFD;
		}
		c = (c << 6) | (u[i] & 0x3F);
	}
	*adv = n;
	return c;
}

uint32_t lines_last(const char *s, size_t len, size_t *start)
{
	size_t i = len, adv;

	while (i > 0) {
		i--;
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			break;
	}
	*start = i;
	return lines_decode(s + i, len - i, &adv);
}

size_t lines_nchars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

size_t lines_char_off(const char *s, size_t len, size_t n)
{
	size_t i = 0, adv;

	while (i < len && n > 0) {
		lines_decode(s + i, len - i, &adv);
		i += adv;
		n--;
	}
	return i;
}

/* Whether code point c occurs in the UTF-8 string `set`: its encoding is
 * searched for, which cannot match across characters (UTF-8 synchronizes
 * on lead bytes), so no character of the set is decoded. */
int lines_in_set(uint32_t c, const char *set)
{
	char u[5];

	if (c == 0 || c > 0x10FFFF)
		return 0;
	if (c < 0x80) {
		u[0] = (char)c;
		u[1] = '\0';
	} else if (c < 0x800) {
		u[0] = (char)(0xC0 | (c >> 6));
		u[1] = (char)(0x80 | (c & 0x3F));
		u[2] = '\0';
	} else if (c < 0x10000) {
		u[0] = (char)(0xE0 | (c >> 12));
		u[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[2] = (char)(0x80 | (c & 0x3F));
		u[3] = '\0';
	} else {
		u[0] = (char)(0xF0 | (c >> 18));
		u[1] = (char)(0x80 | ((c >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((c >> 6) & 0x3F));
		u[3] = (char)(0x80 | (c & 0x3F));
		u[4] = '\0';
	}
	return strstr(set, u) != NULL;
}

int lines_is_space(uint32_t c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0x3000 || c == 0xA0;
}

int lines_is_terminal(uint32_t c)
{
	return lines_in_set(c, "。！？!?…｡");
}

int lines_is_closer(uint32_t c)
{
	return lines_in_set(c, "”’」』)）》】]〕\"'");
}

int lines_is_opener(uint32_t c)
{
	return lines_in_set(c, "“‘「『(（《【[〔");
}

int lines_is_pause(uint32_t c)
{
	return lines_in_set(c, "，,、；;：:");
}

int lines_is_cjk(uint32_t c)
{
	return (c >= 0x4E00 && c <= 0x9FFF) || (c >= 0x3400 && c <= 0x4DBF) ||
	       (c >= 0x20000 && c <= 0x2FFFF) || (c >= 0xF900 && c <= 0xFAFF);
}

void lines_trim(const char **s, size_t *len)
{
	size_t adv, st;

	while (*len > 0 && lines_is_space(lines_decode(*s, *len, &adv))) {
		*s += adv;
		*len -= adv;
	}
	while (*len > 0 && lines_is_space(lines_last(*s, *len, &st)))
		*len = st;
}

int lines_starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(s, prefix, n) == 0;
}

int lines_ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && memcmp(s + len - n, suffix, n) == 0;
}

size_t lines_find(const char *s, size_t len, const char *needle, size_t nlen)
{
	size_t i;

	if (nlen == 0)
		return 1;
	for (i = 0; i + nlen <= len; i++)
		if (s[i] == needle[0] && memcmp(s + i, needle, nlen) == 0)
			return i + 1;
	return 0;
}

int lines_contains(const char *s, size_t len, const char *needle)
{
	return lines_find(s, len, needle, strlen(needle)) != 0;
}

int lines_ends_closed(const char *s, size_t len)
{
	size_t st;
	uint32_t c;

	lines_trim(&s, &len);
	while (len > 0) {
		c = lines_last(s, len, &st);
		if (lines_is_terminal(c) || c == '.' || lines_in_set(c, "；;：:"))
			return 1;
		if (!lines_is_closer(c))
			return 0;
		len = st;
	}
	return 0;
}

int lines_has_inner_end(const char *s, size_t len)
{
	size_t i = 0, adv, st;
	uint32_t c;

	lines_trim(&s, &len);
	if (len == 0)
		return 0;
	lines_last(s, len, &st);
	while (i < st) {
		c = lines_decode(s + i, len - i, &adv);
		if (c == 0x3002 || c == '!' || c == '?' || c == 0xFF01 || c == 0xFF1F)
			return 1;
		i += adv;
	}
	return 0;
}

int lines_unbalanced(const char *s, size_t len)
{
	size_t i = 0, adv;
	int depth = 0;
	uint32_t c;

	while (i < len) {
		c = lines_decode(s + i, len - i, &adv);
		if (c != '"' && c != '\'' && lines_is_opener(c))
			depth++;
		else if (c != '"' && c != '\'' && lines_is_closer(c) && depth > 0)
			depth--;
		i += adv;
	}
	return depth > 0;
}

static const char *const byline_starts[] = {
        "本报记者", "本报通讯员", "本报特约记者", "本报实习生", "本报评论员", "特约记者",
        "实习记者", "记者",       "通讯员",       "实习生",     "新华社记者", "本报见习记者",
        "见习记者", "文/",        "文 /",         "图/",        "文图/",      "撰文",
        "责任编辑", "责编",       "本版编辑",     "图片编辑",   "美编",       "校对",
        "版式设计", "编辑:",      "编辑：",       NULL,
};

/* Skips a leading box or bullet sometimes printed before bylines. */
static void skip_bullet(const char **s, size_t *len)
{
	size_t adv;

	lines_trim(s, len);
	while (*len > 0 && lines_in_set(lines_decode(*s, *len, &adv), "□■●◆◇○★☆")) {
		*s += adv;
		*len -= adv;
		lines_trim(s, len);
	}
}

/* The whole line is one bracketed group. */
static int is_bracketed(const char *s, size_t len)
{
	size_t i = 0, adv;
	int depth = 0;
	uint32_t c;

	if (!(lines_starts_with(s, len, "(") || lines_starts_with(s, len, "（")))
		return 0;
	while (i < len) {
		c = lines_decode(s + i, len - i, &adv);
		if (c == '(' || c == 0xFF08)
			depth++;
		else if ((c == ')' || c == 0xFF09) && --depth == 0)
			return i + adv == len;
		i += adv;
	}
	return 0;
}

int lines_is_byline(const char *s, size_t len)
{
	size_t i;

	skip_bullet(&s, &len);
	if (len == 0 || lines_nchars(s, len) > 48 || lines_has_inner_end(s, len))
		return 0;
	if (lines_ends_closed(s, len))
		return 0;
	/* A note standing alone in brackets: "(记者 某某)", "(作者为…)". */
	if (is_bracketed(s, len))
		return 1;
	if ((lines_contains(s, len, ",") || lines_contains(s, len, "，")) &&
	    !lines_starts_with(s, len, "本报"))
		return 0;
	for (i = 0; byline_starts[i]; i++)
		if (lines_starts_with(s, len, byline_starts[i]))
			return 1;
	return 0;
}

int lines_is_credit(const char *s, size_t len)
{
	skip_bullet(&s, &len);
	if (len == 0 || lines_nchars(s, len) > 40 || lines_has_inner_end(s, len) ||
	    lines_ends_closed(s, len))
		return 0;
	if (lines_contains(s, len, ",") || lines_contains(s, len, "，"))
		return 0;
	if (lines_ends_with(s, len, "提供") && lines_contains(s, len, "图"))
		return 1; /* "图片由受访者提供" */
	return lines_ends_with(s, len, "摄") || lines_ends_with(s, len, "摄影") ||
	       lines_ends_with(s, len, "供图") || lines_ends_with(s, len, "制图") ||
	       lines_ends_with(s, len, "绘");
}

int lines_is_kicker(const char *s, size_t len)
{
	lines_trim(&s, &len);
	return lines_ends_with(s, len, "——") || lines_ends_with(s, len, "—") ||
	       lines_ends_with(s, len, "--");
}

static const char *const sidebar_marks[] = {
        "阅读提示", "核心提示", "内容提要", "编者按", "编者的话", "相关链接",
        "链接",     "延伸阅读", "小贴士",   "背景",   "记者手记", NULL,
};

int lines_is_sidebar_mark(const char *s, size_t len)
{
	size_t i, n;

	skip_bullet(&s, &len);
	for (i = 0; sidebar_marks[i]; i++) {
		n = strlen(sidebar_marks[i]);
		if (len >= n && memcmp(s, sidebar_marks[i], n) == 0) {
			const char *r = s + n;
			size_t rl = len - n;

			lines_trim(&r, &rl);
			if (rl == 0 || (rl <= 3 && (lines_ends_with(r, rl, ":") ||
			                            lines_ends_with(r, rl, "："))))
				return 1;
		}
	}
	return 0;
}

size_t lines_sidebar_mark_len(const char *s, size_t len)
{
	size_t i, n, adv;
	uint32_t c;

	for (i = 0; sidebar_marks[i]; i++) {
		n = strlen(sidebar_marks[i]);
		if (len <= n || memcmp(s, sidebar_marks[i], n) != 0)
			continue;
		c = lines_decode(s + n, len - n, &adv);
		if ((c == ':' || c == 0xFF1A) && n + adv < len)
			return n + adv;
	}
	return 0;
}

static const char *const label_words[] = {
        "新闻特写",   "特写",     "短评",     "评论",     "时评",     "快评",     "社评",
        "本报评论员", "记者观察", "记者手记", "一线见闻", "走基层",   "图片新闻", "新闻速递",
        "简讯",       "综述",     "调查",     "观察",     "深读",     "专访",     "访谈",
        "人物",       "特稿",     "聚焦",     "关注",     "视点",     "热点",     "速读",
        "来信",       "追踪",     "工会视窗", "基层声音", "编辑点评", NULL,
};

int lines_is_label_word(const char *s, size_t len)
{
	size_t i;

	skip_bullet(&s, &len);
	for (i = 0; label_words[i]; i++)
		if (strlen(label_words[i]) == len && memcmp(s, label_words[i], len) == 0)
			return 1;
	return 0;
}

/* Length of a bracketed group "(...)" starting at s, 0 if s does not open one
 * or it is not closed within the line. */
static size_t bracket_len(const char *s, size_t len)
{
	size_t i = 0, adv;
	int depth = 0;
	uint32_t c;

	while (i < len) {
		c = lines_decode(s + i, len - i, &adv);
		if (c == '(' || c == 0xFF08)
			depth++;
		else if (c == ')' || c == 0xFF09) {
			depth--;
			if (depth == 0)
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

	while (i < len && lines_is_space(lines_decode(s + i, len - i, &adv)))
		i += adv;
	return i;
}

static int starts_role(const char *s, size_t len)
{
	static const char *const roles[] = {"记者",     "通讯员",   "实习生",
	                                    "特约记者", "见习记者", NULL};
	size_t i;

	for (i = 0; roles[i]; i++)
		if (lines_starts_with(s, len, roles[i]))
			return 1;
	return 0;
}

/* Credits printed without brackets after a dateline, separated by spaces:
 * "记者 某某 通讯员 某某 " or "记者某某 ". Returns where the text begins. */
static size_t skip_credit_tokens(const char *s, size_t len, size_t i)
{
	size_t end = i, e, k, adv, n;
	int after_role = 0;

	while (i < len) {
		for (e = i; e < len && !lines_is_space(lines_decode(s + e, len - e, &adv));
		     e += adv)
			;
		if (e >= len)
			break; /* the last token is the text itself */
		n = lines_nchars(s + i, e - i);
		if (starts_role(s + i, e - i) && n <= 8) {
			after_role = 1;
		} else if (after_role && n >= 2 && n <= 4) {
			for (k = i; k < e; k += adv)
				if (!lines_is_cjk(lines_decode(s + k, e - k, &adv)))
					return end;
		} else {
			break;
		}
		end = i = skip_spaces(s, len, e);
	}
	return end;
}

size_t lines_dateline_len(const char *s, size_t len)
{
	static const char *const agencies[] = {"本报",   "新华社", "中新社",
	                                       "人民网", "新华网", NULL};
	size_t i, n, b, limit;

	if (lines_starts_with(s, len, "本报讯")) {
		i = skip_spaces(s, len, strlen("本报讯"));
		b = bracket_len(s + i, len - i);
		if (b)
			return skip_spaces(s, len, i + b);
		return i > strlen("本报讯") ? skip_credit_tokens(s, len, i) : i;
	}
	for (n = 0; agencies[n]; n++)
		if (lines_starts_with(s, len, agencies[n]))
			break;
	if (!agencies[n])
		return 0;
	/* "本报北京1月3日电(...)": the 电 comes within a few characters. */
	limit = lines_char_off(s, len, 20);
	for (i = strlen(agencies[n]); i + 3 <= limit; i++) {
		if (memcmp(s + i, "电", 3) == 0) {
			size_t j = skip_spaces(s, len, i + 3);

			b = bracket_len(s + j, len - j);
			if (!b && !(j < len && lines_is_space((unsigned char)s[i + 3])))
				return 0;
			return b ? skip_spaces(s, len, j + b) : skip_credit_tokens(s, len, j);
		}
		if (lines_contains(s + i, 1, ",") || memcmp(s + i, "，", 3) == 0 ||
		    memcmp(s + i, "。", 3) == 0)
			return 0;
	}
	return 0;
}

static const char *const connectives[] = {
        "同时", "此外", "另外", "据悉", "据了解", "据介绍", "近年来", "目前",     "其中", "例如",
        "比如", "然而", "但是", "因此", "所以",   "随后",   "此前",   "与此同时", "对此", "为此",
        "不过", "而且", "如今", "当天", "今年",   "去年",   "据统计", "原来",     "记者", NULL,
};

int lines_starts_connective(const char *s, size_t len)
{
	size_t i, n, adv;
	uint32_t c;

	for (i = 0; connectives[i]; i++) {
		n = strlen(connectives[i]);
		if (len > n && memcmp(s, connectives[i], n) == 0) {
			c = lines_decode(s + n, len - n, &adv);
			if (c == ',' || c == 0xFF0C)
				return 1;
		}
	}
	return 0;
}

int lines_rare_initial(uint32_t c)
{
	return lines_in_set(c, "的们吗呢吧么者");
}

int lines_rare_final(uint32_t c)
{
	return lines_in_set(c, "的和与及或在对把将从为是被让使给以于并而向跟同由");
}
