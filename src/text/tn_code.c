/* Identifiers, addresses and symbols for the normalizer (see tn_code.h). */
#include "text/tn_code.h"

#include "text/tn_lex.h"
#include "text/tn_num.h"

#include <stdio.h>
#include <string.h>

/* Before a number: read it digit by digit, 1 as 幺 (phones). */
static const char *const PHONE_WORDS[] = {"电话", "热线", "手机", "拨打", "致电", "来电", "号码",
                                          "尾号", "短信", "传真", "客服", "分机", "固话", "座机",
                                          "呼叫", "报警", "举报", "号是", NULL};

/* Before a number: read it digit by digit (codes, not amounts). */
static const char *const CODE_WORDS[] = {"编号", "代码", "车次",   "航班", "邮编",   "账号",
                                         "帐号", "卡号", "工号",   "学号", "证号",   "序列号",
                                         "批号", "型号", "房间",   "密码", "验证码", "代号",
                                         "网址", "信箱", "分辨率", "编码", NULL};

/* After a number of 3+ digits: the number names something (九八五工程). */
static const char *const CODE_NOUNS[] = {"工程", "新政", "事件", "计划", "专线",
                                         "行动", "高校", "院校", NULL};

/* Right after a number of 3+ digits: the number is dialled (幺一零报警). */
static const char *const PHONE_AFTER[] = {"热线", "报警",     "急救", "电话", "服务热线",
                                          "客服", "打个电话", "求助", NULL};

enum tn_digits_mode tn_digits_mode(const struct tn *t, const struct num *x, size_t sfx)
{
	const struct part *p = x->ip;

	if (x->fp || x->sign == '-' || tn_measure_after(t, sfx) ||
	    tn_at_any(t, sfx, tn_money_words) || tn_at_any(t, sfx, tn_magnitudes))
		return TN_DIGITS_NO;
	if (p->nd == 11 && p->d[0] == '1' && p->d[1] >= '3' && p->d[1] <= '9')
		return TN_DIGITS_YAO;
	if (p->lead0)
		return TN_DIGITS_YAO;
	if (p->nd >= 3 &&
	    (tn_kw_before(t, x->start, 15, PHONE_WORDS) || tn_at_any(t, sfx, PHONE_AFTER)))
		return TN_DIGITS_YAO;
	if (p->nd == 4 && !tn_ends_with_any(t, x->start, (const char *const[]){"第", NULL}) &&
	    tn_part_value(p) >= 1900 && tn_part_value(p) <= 2099 &&
	    tn_at_any(t, sfx, tn_year_nouns))
		return TN_DIGITS_PLAIN;
	if (p->nd >= 3 && tn_kw_before(t, x->start, 15, CODE_WORDS))
		return TN_DIGITS_PLAIN;
	if (p->nd >= 3 && tn_at_any(t, sfx, CODE_NOUNS))
		return TN_DIGITS_PLAIN;
	/* a code in brackets after a name: 某公司（600519） */
	if (p->nd >= 5 && tn_ends_with_any(t, x->start, (const char *const[]){"（", "(", NULL}) &&
	    (tn_at(t, x->end, "）") || tn_at(t, x->end, ")")))
		return TN_DIGITS_PLAIN;
	/* a long number before 号 names something: “26314”号 */
	if (p->nd >= 5 && (tn_at(t, sfx, "号") || (tn_at(t, sfx, "”") && tn_at(t, sfx + 3, "号"))))
		return TN_DIGITS_PLAIN;
	/* 九零后, 九五后, 零零后 */
	if (p->nd == 2 && tn_at(t, sfx, "后") && !tn_at(t, sfx, "后来") &&
	    !tn_ends_with_any(t, x->start, (const char *const[]){"第", "前", NULL}))
		return TN_DIGITS_PLAIN;
	if (p->nd > TN_MAX_CARDINAL)
		return TN_DIGITS_PLAIN;
	return TN_DIGITS_NO;
}

size_t tn_read_version(struct tn *t, const struct tok *k)
{
	for (int i = 0; i < k->np; i++) {
		if (i)
			tn_put(t, "点");
		if (k->p[i].lead0 || k->p[i].nd > 3)
			tn_put_digits(t, &k->p[i], 0);
		else
			tn_put_cardinal(t, &k->p[i], 0);
	}
	return k->end;
}

static int url_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       strchr("-._~:/?#@!$&'()*+,;=%", c) != NULL;
}

static size_t url_end(const struct tn *t, size_t i)
{
	size_t e = i;

	while (e < t->n && url_char(t->s[e]))
		e++;
	while (e > i && strchr(".,;:!?)'", t->s[e - 1]))
		e--;
	return e;
}

/* Spells a web or e-mail address from i to e: letters stay, digits are read
 * one by one, signs become words; the query part is left out. */
static size_t do_url(struct tn *t, size_t i, size_t e)
{
	size_t l;

	if ((l = tn_at(t, i, "https://")) || (l = tn_at(t, i, "http://")))
		i += l;
	for (; i < e; i++) {
		char c = t->s[i];

		if (tn_alpha(t, i))
			tn_putn(t, &c, 1);
		else if (c >= '0' && c <= '9')
			tn_putn(t,
			        (const char *[]){"零", "一", "二", "三", "四", "五", "六", "七",
			                         "八", "九"}[c - '0'],
			        3);
		else if (c == '.')
			tn_put(t, "点");
		else if (c == '/')
			tn_put(t, "斜杠");
		else if (c == '-')
			tn_put(t, "杠");
		else if (c == '_')
			tn_put(t, "下划线");
		else if (c == '@')
			tn_put(t, "艾特");
		else if (c == '?' || c == '#') {
			tn_note(t, i, e - i, "web address query not read");
			return e;
		}
	}
	return e;
}

static int looks_like_email(const struct tn *t, size_t i, size_t *end)
{
	size_t j = i, at = TN_NONE, dot = TN_NONE;

	while (j < t->n && (tn_alpha(t, j) || tn_digit(t, j) || strchr("._-+@", t->s[j]))) {
		if (t->s[j] == '@') {
			if (at != TN_NONE)
				return 0;
			at = j;
		} else if (t->s[j] == '.' && at != TN_NONE) {
			dot = j;
		}
		j++;
	}
	while (j > i && t->s[j - 1] == '.')
		j--;
	*end = j;
	return at != TN_NONE && at > i && dot != TN_NONE && dot + 1 < j;
}

/* A short lower-case word set in Chinese text is an acronym (wto, Atm): it is
 * written upper-case so the next stage spells it. */
static int lowercase_acronym(const struct tn *t, size_t i, size_t j)
{
	size_t k;

	if (j - i < 2 || j - i > 4)
		return 0;
	if (tn_at(t, i, "am") || tn_at(t, i, "pm") || tn_at(t, i, "ad") || tn_at(t, i, "bc"))
		return 0;
	for (k = i + 1; k < j; k++)
		if (t->s[k] < 'a' || t->s[k] > 'z')
			return 0;
	if (i > 0 && !tn_cjk(t, tn_cp_prev(t, i)))
		return 0;
	if (j < t->n && !tn_cjk(t, j))
		return 0;
	return i > 0 || j < t->n;
}

size_t tn_read_latin(struct tn *t, size_t i)
{
	size_t j = i, e, l;
	const char *say;

	if (tn_at(t, i, "http://") || tn_at(t, i, "https://") || tn_at(t, i, "www."))
		return do_url(t, i, url_end(t, i));
	if (looks_like_email(t, i, &e))
		return do_url(t, i, e);
	if ((i == 0 || !tn_alpha(t, i - 1)) && (l = tn_currency_at(t, i, &say)) != 0 &&
	    (tn_alpha(t, i + 1) || t->s[i + 1] == '$'))
		return tn_read_money(t, i, l, say);
	while (tn_alpha(t, j))
		j++;
	/* O2O, B2B */
	if (j - i == 1 && j + 2 <= t->n && t->s[j] == '2' && tn_alpha(t, j + 1) &&
	    !tn_alpha(t, j + 2) && !tn_digit(t, j + 2) && t->s[i] >= 'A' && t->s[i] <= 'Z' &&
	    t->s[j + 1] >= 'A' && t->s[j + 1] <= 'Z') {
		tn_putn(t, t->s + i, 1);
		tn_put(t, " to ");
		tn_putn(t, t->s + j + 1, 1);
		return j + 2;
	}
	if (lowercase_acronym(t, i, j)) {
		for (size_t k = i; k < j; k++) {
			char c = t->s[k] >= 'a' ? (char)(t->s[k] - 'a' + 'A') : t->s[k];

			tn_putn(t, &c, 1);
		}
		return j;
	}
	tn_putn(t, t->s + i, j - i);
	if (tn_digit(t, j)) {
		/* a model or code name: C919, G20, PM2.5 */
		struct tok k;

		tn_parse_tok(t, j, &k);
		if (k.sep == '.' && k.np == 2) {
			if (!t->err)
				t->err = tn_say_decimal(t->out, k.p[0].d, k.p[0].nd, k.p[1].d,
				                        k.p[1].nd, 0, 0);
			return k.end;
		}
		if (k.sep == '.')
			return tn_read_version(t, &k);
		if (k.p[0].nd <= 2 && !k.p[0].lead0)
			tn_put_cardinal(t, &k.p[0], 0);
		else
			tn_put_digits(t, &k.p[0], 0);
		return k.p[0].end;
	}
	return j;
}

size_t tn_drop_symbol(struct tn *t, size_t i)
{
	const unsigned char *p = (const unsigned char *)t->s + i;
	size_t l = tn_cp_len(t, i);
	int drop = 0;

	if (l == 4 && p[0] == 0xF0 && p[1] == 0x9F)
		drop = 1; /* emoji and pictographs */
	else if (l == 3 && p[0] == 0xE2 &&
	         (p[1] == 0x98 || p[1] == 0x9C || p[1] == 0x9D || p[1] == 0x9E))
		drop = 1; /* U+2600..27BF: ★ ☆ ✓ ❤ ... */
	else if (l == 3 && p[0] == 0xE2 && ((p[1] == 0x96 && p[2] >= 0xA0) || p[1] == 0x97) &&
	         !(p[1] == 0x97 && p[2] == 0x8B))
		drop = 1; /* U+25A0..25FF bullets (not ○, which is a zero) */
	else if (l == 3 && p[0] == 0xEF && p[1] == 0xB8 && p[2] == 0x8F)
		drop = 1; /* variation selector 16 */
	else if (l == 3 && p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x8D)
		drop = 1; /* zero-width joiner */
	if (!drop)
		return 0;
	tn_note(t, i, l, "symbol not spoken");
	return l;
}

void tn_note_foreign(struct tn *t, size_t i, size_t l)
{
	const unsigned char *p = (const unsigned char *)t->s + i;
	unsigned cp;
	size_t prev;

	if (l == 1) {
		char what[48];

		snprintf(what, sizeof(what), "byte 0x%02X that is not UTF-8 passed through", p[0]);
		tn_note(t, i, 0, what);
		return;
	}
	if (l != 3)
		return;
	cp = ((unsigned)(p[0] & 0x0F) << 12) | ((unsigned)(p[1] & 0x3F) << 6) | (p[2] & 0x3F);
	if (!((cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0xAC00 && cp <= 0xD7AF)))
		return;
	prev = tn_cp_prev(t, i);
	if (i > 0 && tn_cp_len(t, prev) == 3 && prev + 3 == i) {
		const unsigned char *q = (const unsigned char *)t->s + prev;
		unsigned pc = ((unsigned)(q[0] & 0x0F) << 12) | ((unsigned)(q[1] & 0x3F) << 6) |
		              (q[2] & 0x3F);

		if ((pc >= 0x3040 && pc <= 0x30FF) || (pc >= 0xAC00 && pc <= 0xD7AF))
			return;
	}
	tn_note(t, i, l, "kana or hangul passed through");
}
