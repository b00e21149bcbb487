/*
 * The normalizer's scanner: one pass over the sentence, copying text through
 * and handing each figure (a run of digits with its separators, sign, currency
 * and unit) to the reader that fits its shape and context. Dates and times are
 * in tn_date.c, identifiers and symbols in tn_code.c, word lists and units in
 * tn_lex.c. The conventions are documented in docs/normalization.md.
 */
#include "text/tn.h"

#include "core/err.h"
#include "text/tn_code.h"
#include "text/tn_date.h"
#include "text/tn_lex.h"
#include "text/tn_num.h"
#include "text/tn_scan.h"

#include <stdio.h>
#include <string.h>

static const char *const DASH_CHARS[] = {"-", "－", "−", "–", "—", NULL};

/* Words after which "-3" is a negative value (余额为-3, 降至-3). */
static const char *const NEG_BEFORE[] = {
        "为",   "是", "至", "到", "达", "约",   "在",   "从",   "由", "和", "与", "及",
        "或",   "有", "降", "升", "低", "高",   "于",   "了",   "值", "算", "得", "取",
        "等于", "加", "减", "乘", "除", "海拔", "气温", "温度", "深", "差", NULL};

/* Units a "/X" rate may follow (3000元/月 → 每月三千元). */
static const char *const RATE_NUMERATORS[] = {
        "万元", "亿元", "元",   "美元", "块", "公里",   "千米",   "厘米", "毫米", "米",
        "吨",   "公斤", "千克", "克",   "斤", "平方米", "立方米", "人次", "次",   "人",
        "个",   "件",   "台",   "辆",   "度", "千瓦时", "毫升",   "升",   "天",   "小时",
        "户",   "套",   "份",   "张",   "篇", "万",     "毫克",   "微克", "毫升", NULL};

static const char *const RATE_DENOMINATORS[] = {
        "立方厘米", "平方厘米", "平方公里", "毫升", "平方米", "立方米", "千瓦时", "小时",
        "分钟",     "公斤",     "千克",     "公里", "月",     "年",     "天",     "日",
        "周",       "人",       "次",       "秒",   "件",     "个",     "台",     "辆",
        "吨",       "斤",       "克",       "米",   "亩",     "户",     "套",     "张",
        "份",       "升",       "度",       "箱",   "盒",     "瓶",     "股",     "桶",
        "单",       "场",       "晚",       "间",   "例",     NULL};

static const char *const SPORT_WORDS[] = {
        "比分", "比赛", "战胜", "击败", "战平",   "负于",   "不敌", "逆转", "爆冷",
        "获胜", "取胜", "险胜", "大胜", "完胜",   "惜败",   "告负", "决赛", "联赛",
        "球队", "主场", "客场", "进球", "小组赛", "淘汰赛", "半场", "加时", "点球",
        "力克", "击溃", "横扫", "战绩", "比分为", NULL};

/* What follows a score X/Y in a match report (以2/1获胜); before anything else
 * Chinese an X/Y is a fraction of what follows (1/4决赛, 1/3以上). */
static const char *const SCORE_AFTER[] = {"获胜", "取胜", "战胜",   "击败", "告负", "惜败",
                                          "险胜", "大胜", "完胜",   "力克", "战平", "逆转",
                                          "胜",   "负",   "的比分", NULL};

static const char *const DATE_WORDS[] = {"日期", "截至", "截止", "期间", "元旦",
                                         "春节", "国庆", "假期", "档期", NULL};

static unsigned sentence_context(const struct tn *t)
{
	unsigned ctx = 0;
	size_t i;

	if (tn_kw_after(t, 0, t->n, SPORT_WORDS))
		ctx |= TN_CTX_SPORT;
	if (tn_kw_after(t, 0, t->n, DATE_WORDS))
		ctx |= TN_CTX_DATE;
	for (i = 0; i < t->n; i++) {
		if (t->s[i] == '=')
			ctx |= TN_CTX_MATH;
		if (tn_digit(t, i) &&
		    (tn_at(t, i + 1, "月") || tn_at(t, i + 1, "日") || tn_at(t, i + 1, "号")))
			ctx |= TN_CTX_DATE;
	}
	return ctx;
}

/* The "/X" after a unit that makes a rate, with the spoken X; 0 when none. */
static size_t rate_at(const struct tn *t, size_t i, const char **say, size_t *saylen)
{
	const struct unit *u;
	size_t l;

	if (i >= t->n || t->s[i] != '/')
		return 0;
	if ((l = tn_at_any(t, i + 1, RATE_DENOMINATORS)) != 0) {
		*say = t->s + i + 1;
		*saylen = l;
		return l + 1;
	}
	if ((u = tn_unit_at(t, i + 1, &l)) != NULL && !u->temp && t->s[i + 1] != ' ') {
		*say = u->say;
		*saylen = strlen(u->say);
		return l + 1;
	}
	return 0;
}

/* The number itself: a decimal read as written, else a cardinal. */
static void say_value(struct tn *t, const struct num *x, unsigned flags, int money)
{
	const struct part *p = x->ip;

	if (!x->fp)
		tn_put_cardinal(t, p, flags);
	else if (!t->err)
		t->err = tn_say_decimal(t->out, p->d, p->nd, x->fp->d, x->fp->nd, flags, money);
}

/* Reads an integer or decimal with what follows it; returns the input offset
 * after everything consumed. */
static size_t say_plain(struct tn *t, const struct num *x)
{
	const struct part *p = x->ip;
	size_t e = x->end, sfx = e, l;
	int own = 1, temp = 0, money = 0;
	unsigned flags = TN_LIANG_LEAD;
	const struct unit *u = NULL;
	size_t ulen = 0, cjk_unit = 0, rate = 0, ratelen = 0;
	const char *rate_say = NULL;
	enum tn_digits_mode dm;

	t->num_small_int = !x->fp && p->nd <= 3;
	/* "于 2015 年": spaces before a Chinese suffix do not separate it */
	if (e < t->n && t->s[e] == ' ' && tn_cjk(t, tn_skip_spaces(t, e)))
		sfx = tn_skip_spaces(t, e);
	if (tn_range_right_suffix(t, e) != TN_NONE) {
		sfx = tn_range_right_suffix(t, e);
		own = 0;
	}
	/* ordinals: 第二, never 第两; nor a factor after ×, in a dimension (2×2米) */
	if (tn_ends_with_any(t, x->start, (const char *const[]){"第", "×", NULL}))
		flags = TN_LIANG_LEAD;
	else if (tn_measure_after(t, sfx))
		flags |= TN_LIANG;

	/* percent and per-mille */
	if ((l = tn_at(t, sfx, "%")) || (l = tn_at(t, sfx, "％")) || (l = tn_at(t, sfx, "‰"))) {
		int mille = tn_at(t, sfx, "‰") != 0;

		if (x->sign)
			tn_put(t, x->sign == '-' ? "负" : "正");
		tn_put(t, mille ? "千分之" : "百分之");
		say_value(t, x, TN_LIANG_LEAD, 0);
		return own ? sfx + l : e;
	}

	/* years: 公元2934年, 2934ad, 2334bc */
	if (!x->fp && !x->sign && p->nd >= 3 && p->nd <= 4 && own) {
		static const char *const AD[] = {"a.d.", "A.D.", "ad", "AD", NULL};
		static const char *const BC[] = {"b.c.", "B.C.", "bc", "BC", NULL};
		int bc = 0;

		if ((l = tn_at_any(t, e, AD)) != 0 ||
		    ((l = tn_at_any(t, e, BC)) != 0 && (bc = 1))) {
			if (!tn_alpha(t, e + l) || l > 2) {
				tn_put(t, bc ? "公元前" : "公元");
				tn_put_digits(t, p, 0);
				tn_put(t, "年");
				return e + l;
			}
		}
	}
	if (tn_is_year(t, x, sfx)) {
		tn_put_digits(t, p, 0);
		t->num_was_year = 1;
		return e;
	}
	t->num_was_year = 0;
	if (!x->fp && !x->sign && tn_at(t, sfx, "月") && tn_valid_month(p)) {
		tn_put_value(t, tn_part_value(p), 0);
		return e;
	}
	if (!x->fp && !x->sign && (tn_at(t, sfx, "日") || tn_at(t, sfx, "号")) && p->nd < 5) {
		tn_put_value(t, tn_part_value(p), 0);
		return e;
	}

	dm = tn_digits_mode(t, x, sfx);
	if (dm != TN_DIGITS_NO) {
		tn_put_digits(t, p, dm == TN_DIGITS_YAO);
		if (p->nd > TN_MAX_CARDINAL)
			tn_note(t, x->start, e - x->start, "long number read digit by digit");
		return e;
	}

	/* 300w张: a lower-case w before a Chinese word is 万 (W is watt) */
	if (own && !x->sign && e < t->n && t->s[e] == 'w' && tn_cjk(t, e + 1)) {
		say_value(t, x, TN_LIANG_LEAD, 0);
		tn_put(t, "万");
		return e + 1;
	}
	u = tn_unit_at(t, sfx, &ulen);
	temp = u && u->temp;
	if (!u && own) {
		cjk_unit = tn_at_any(t, e, RATE_NUMERATORS);
	}
	money = tn_at_any(t, sfx, tn_money_words);
	if (own && (u || cjk_unit))
		rate = rate_at(t, e + (u ? ulen : cjk_unit), &rate_say, &ratelen);
	if (rate) {
		tn_put(t, "每");
		tn_putn(t, rate_say, ratelen);
	}
	if (x->sign == '-')
		tn_put(t, temp ? "零下" : "负");
	else if (x->sign == '+')
		tn_put(t, "正");
	say_value(t, x, flags, money);
	if (!own)
		return e;
	if (u) {
		tn_put(t, u->say);
		e += ulen;
	} else if (rate) {
		tn_putn(t, t->s + e, cjk_unit);
		e += cjk_unit;
	} else if ((l = tn_at_any(t, e, tn_magnitudes)) != 0 &&
	           (u = tn_unit_at(t, e + l, &ulen)) != NULL && t->s[e + l] != ' ') {
		/* 120亿kW·h, 5万t: the unit follows the magnitude */
		tn_putn(t, t->s + e, l);
		tn_put(t, u->say);
		e += l + ulen;
	}
	return e + rate;
}

static size_t say_slash(struct tn *t, const struct tok *k, int sign)
{
	const struct part *p = k->p;

	if (k->np == 2 && (t->ctx & TN_CTX_SPORT) && p[0].nd <= 2 && p[1].nd <= 2 &&
	    (!tn_cjk(t, k->end) || tn_at_any(t, k->end, SCORE_AFTER))) {
		tn_put_cardinal(t, &p[0], 0);
		tn_put(t, "比");
		tn_put_cardinal(t, &p[1], 0);
		return k->end;
	}
	if (k->np == 2 && !sign && tn_year_span_noun(t, k->end) &&
	    tn_try_year_span(t, &p[0], &p[1], 1))
		return k->end;
	if (tn_try_date(t, p, k->np, 1))
		return k->end;
	if (k->np == 2 && !sign && tn_try_year_span(t, &p[0], &p[1], 0))
		return k->end;
	if (k->np == 2 && !sign && tn_year_like(&p[0]) && tn_year_like(&p[1]) &&
	    tn_part_value(&p[1]) == tn_part_value(&p[0]) + 1) {
		tn_put_digits(t, &p[0], 0); /* 2007/2008学年 */
		tn_put(t, "到");
		tn_put_digits(t, &p[1], 0);
		return k->end;
	}
	if (k->np == 2) {
		if (sign == '-')
			tn_put(t, "负");
		tn_put_cardinal(t, &p[1], 0);
		tn_put(t, "分之");
		tn_put_cardinal(t, &p[0], 0);
		return k->end;
	}
	for (int i = 0; i < k->np; i++) {
		if (i)
			tn_put(t, "斜杠");
		tn_put_cardinal(t, &p[i], 0);
	}
	tn_note(t, k->start, k->end - k->start, "unknown slash figure read part by part");
	return k->end;
}

static size_t say_dotted(struct tn *t, const struct tok *k, int sign)
{
	const struct part *p = k->p;
	struct num x;

	if (k->np == 4) {
		/* 127.0.0.1 */
		for (int i = 0; i < k->np; i++) {
			if (i)
				tn_put(t, "点");
			tn_put_digits(t, &p[i], 0);
		}
		return k->end;
	}
	/* iOS 17.2.1 is a version, 12.2.3 alone a date */
	if (!sign && k->np == 3 &&
	    tn_try_date(t, p, 3,
	                !(k->start >= 2 && t->s[k->start - 1] == ' ' && tn_alpha(t, k->start - 2))))
		return k->end;
	if (k->np == 3)
		return tn_read_version(t, k);
	if (!sign && p[0].nd == 2 && tn_valid_month(&p[0]) && tn_year_like(&p[1]) &&
	    !tn_cjk(t, k->end)) {
		tn_say_date(t, &p[1], &p[0], NULL); /* 08.2008 */
		return k->end;
	}
	if (!sign && tn_year_like(&p[0]) && p[1].nd == 2 && tn_valid_month(&p[1]) &&
	    !tn_cjk(t, k->end) && !tn_alpha(t, k->end) && !tn_at(t, k->end, "%") &&
	    tn_range_right_suffix(t, k->end) == TN_NONE) {
		tn_say_date(t, &p[0], &p[1], NULL);
		return k->end;
	}
	if (!sign &&
	    (tn_dotted_month_day(t, k) || (p[0].lead0 && p[0].nd == 2 && p[1].nd == 2 &&
	                                   tn_valid_month(&p[0]) && tn_valid_day(&p[1])))) {
		tn_say_date(t, NULL, &p[0], &p[1]);
		return k->end;
	}
	x.ip = &p[0];
	x.fp = &p[1];
	x.sign = sign;
	x.start = sign ? k->start - 1 : k->start;
	x.end = k->end;
	return say_plain(t, &x);
}

/* An integer joined to more digits by '-': a date, a phone number, or the
 * start of a range or score (which the caller continues). */
static size_t say_dash_chain(struct tn *t, const struct tok *k, int sign, int *done)
{
	struct part q[3];
	size_t i = k->end, l;
	int nq = 1;

	*done = 0;
	q[0] = k->p[0];
	while (nq < 3 && (l = tn_at_any(t, i, DASH_CHARS)) != 0 && tn_digit(t, i + l)) {
		i = tn_parse_part(t, i + l, &q[nq]);
		nq++;
		if (i < t->n && (t->s[i] == '.' || t->s[i] == ':') && tn_digit(t, i + 1))
			return k->end; /* 1.5-2.5, 8:00-9:30: a range */
	}
	if (sign)
		return k->end;
	if (nq == 2 && !(t->ctx & TN_CTX_MATH) && tn_year_span_noun(t, i) &&
	    tn_try_year_span(t, &q[0], &q[1], 1)) {
		*done = 1;
		return i;
	}
	if (!(t->ctx & TN_CTX_MATH) && tn_try_date(t, q, nq, 0)) {
		*done = 1;
		return i;
	}
	if (nq == 2 && !(t->ctx & TN_CTX_MATH) && !tn_at_any(t, i, tn_measure_words) &&
	    tn_try_year_span(t, &q[0], &q[1], 0)) {
		*done = 1;
		return i;
	}
	/* 2023-2024赛季, (1784-1846): a span of years */
	if (nq == 2 && tn_year_like(&q[0]) && tn_year_like(&q[1]) &&
	    tn_part_value(&q[1]) > tn_part_value(&q[0]) &&
	    tn_part_value(&q[1]) - tn_part_value(&q[0]) <= 150 && tn_part_value(&q[1]) <= 2099 &&
	    !(t->ctx & TN_CTX_MATH) && !tn_at_any(t, i, tn_measure_words) &&
	    !tn_at_any(t, i, tn_money_words)) {
		tn_put_digits(t, &q[0], 0);
		tn_put(t, "到");
		tn_put_digits(t, &q[1], 0);
		t->num_was_year = 1;
		*done = 1;
		return i;
	}
	if (nq >= 2 && ((q[0].lead0 && q[0].nd >= 3) || (nq == 3 && q[0].nd >= 3 && q[1].nd >= 3) ||
	                q[nq - 1].nd >= 7)) {
		for (int j = 0; j < nq; j++)
			tn_put_digits(t, &q[j], 1);
		*done = 1;
		return i;
	}
	return k->end;
}

/* A figure starting at digit offset i; `sign` ('-', '+' or 0) was written
 * just before it. Returns the offset after everything consumed. */
static size_t do_number(struct tn *t, size_t i, int sign)
{
	struct tok k;
	struct num x;
	size_t e;
	int done;

	tn_parse_tok(t, i, &k);
	if (k.p[0].nd >= TN_MAXD) {
		/* a run too long for any figure: digit by digit */
		e = i;
		while (tn_digit(t, e)) {
			tn_putn(t,
			        (const char *[]){"零", "一", "二", "三", "四", "五", "六", "七",
			                         "八", "九"}[t->s[e] - '0'],
			        3);
			e++;
		}
		tn_note(t, i, e - i, "long digit run read digit by digit");
		t->num_small_int = 0;
		return e;
	}
	if (k.sep)
		t->num_was_year = 0;
	switch (k.sep) {
	case ':':
		if (sign == '-')
			tn_put(t, "负");
		return tn_read_colon(t, &k);
	case '/':
		return say_slash(t, &k, sign);
	case 'm':
		return tn_read_middle_dot(t, &k);
	case '.':
		return say_dotted(t, &k, sign);
	default:
		break;
	}
	e = say_dash_chain(t, &k, sign, &done);
	if (done) {
		t->num_small_int = 0;
		return e;
	}
	x.ip = &k.p[0];
	x.fp = NULL;
	x.sign = sign;
	x.start = sign ? k.start - 1 : k.start;
	x.end = k.end;
	return say_plain(t, &x);
}

/* Whether a number (maybe signed) starts at i. */
static int number_follows(const struct tn *t, size_t i)
{
	i = tn_skip_spaces(t, i);
	if (tn_digit(t, i))
		return 1;
	return tn_at_any(t, i, tn_minus_chars) && tn_digit(t, i + 1);
}

/* Whether a range sign at i follows a number, maybe with its unit (5元~8元). */
static int near_number(const struct tn *t, size_t i)
{
	size_t j = t->num_end;
	int cps = 0;

	if (j == TN_NONE || j > i)
		return 0;
	while (j < i && cps <= 4) {
		if (!(tn_cjk(t, j) || tn_alpha(t, j) || t->s[j] == ' ' || t->s[j] == '%' ||
		      tn_at(t, j, "°") || tn_at(t, j, "℃") || tn_at(t, j, "²") || tn_at(t, j, "‰")))
			return 0;
		j += tn_cp_len(t, j);
		cps++;
	}
	return j == i;
}

/* Whether only spaces lie between the last number and i. */
static int after_number(const struct tn *t, size_t i)
{
	size_t j = t->num_end;

	if (j == TN_NONE || j > i)
		return 0;
	while (j < i && t->s[j] == ' ')
		j++;
	return j == i;
}

/* Whether the plus at i joins what stands on either side (a word, a number, a
 * letter), or ends a count (10万+); a plus before digits with nothing before it
 * (+86) is a sign, read by the number. */
static int plus_joins(const struct tn *t, size_t i)
{
	int count =
	        after_number(t, i) || (near_number(t, i) && tn_ends_with_any(t, i, tn_magnitudes));
	int left = i > 0 && (tn_cjk(t, tn_cp_prev(t, i)) || tn_alpha(t, i - 1) ||
	                     tn_digit(t, i - 1) || count);
	int right = tn_cjk(t, i + 1) || tn_alpha(t, i + 1) || tn_digit(t, i + 1);

	if (!left)
		return 0;
	return right || (count && (i + 1 >= t->n || t->s[i + 1] != '+'));
}

/* Operators between two numbers: 加, 等于, 小于等于 ... */
static size_t do_operator(struct tn *t, size_t i)
{
	static const struct {
		const char *w, *say;
	} OPS[] = {{"<=", "小于等于"}, {">=", "大于等于"}, {"≤", "小于等于"}, {"≥", "大于等于"},
	           {"≠", "不等于"},    {"=", "等于"},      {"+", "加"},       {"<", "小于"},
	           {">", "大于"},      {"×", "乘"},        {"÷", "除以"},     {NULL, NULL}};

	for (int k = 0; OPS[k].w; k++) {
		size_t l = tn_at(t, i, OPS[k].w);
		/* a comparison may open a figure (≥100万); the rest join two */
		int alone = k <= 4 || k >= 7;

		/* × also between figures with their units (2米×3米) */
		int joined = after_number(t, i) || (!strcmp(OPS[k].w, "×") && near_number(t, i));

		if (l && number_follows(t, i + l) && (joined || (alone && k <= 8))) {
			tn_put(t, OPS[k].say);
			return l;
		}
	}
	return 0;
}

static size_t step(struct tn *t, size_t i)
{
	unsigned char c = (unsigned char)t->s[i];
	const char *say;
	size_t l;

	if (c >= '0' && c <= '9') {
		size_t e = do_number(t, i, 0);

		t->num_end = e;
		return e;
	}
	if (c == '.' && tn_digit(t, i + 1) && !tn_digit(t, i - (i > 0)) &&
	    !tn_alpha(t, i - (i > 0))) {
		/* .22 */
		struct part ip = {.nd = 0}, fp;
		struct num x = {.ip = &ip, .fp = &fp, .sign = 0, .start = i};

		x.end = tn_parse_part(t, i + 1, &fp);
		t->num_end = say_plain(t, &x);
		return t->num_end;
	}
	if ((l = tn_at_any(t, i, tn_range_chars)) != 0 && near_number(t, i) &&
	    number_follows(t, i + l)) {
		int minus = tn_at_any(t, i, tn_minus_chars) != 0;

		if (minus && (t->ctx & TN_CTX_MATH))
			tn_put(t, "减");
		else if (minus && (t->ctx & TN_CTX_SPORT) && t->num_small_int &&
		         !tn_measure_after(t, tn_skip_number(t, tn_skip_spaces(t, i + l))))
			tn_put(t, "比");
		else
			tn_put(t, "到");
		return i + l;
	}
	if ((l = tn_at_any(t, i, tn_minus_chars)) != 0 && !tn_alpha(t, i - (i > 0)) &&
	    !tn_digit(t, i - (i > 0))) {
		size_t j = i + l;

		while (tn_digit(t, j))
			j++;
		/* 歼-20, 钴-56: after a word, a dash joins a label; the number is not
		 * negative unless it is a temperature or percentage or a word
		 * that takes a value comes before */
		if (tn_digit(t, i + l) && i > 0 && tn_cjk(t, tn_cp_prev(t, i)) &&
		    !tn_ends_with_any(t, i, NEG_BEFORE)) {
			size_t u = tn_skip_number(t, i + l), ul;
			const struct unit *un = tn_unit_at(t, u, &ul);

			if (!(un && un->temp) && !tn_at(t, u, "%") && !tn_at(t, u, "度"))
				return i + l; /* the dash is not read */
		}
		/* 丁-2-炔: a dash-joined label, not a negative number */
		if (tn_digit(t, i + l) && !(tn_at_any(t, j, tn_minus_chars) &&
		                            !tn_digit(t, j + 1) && !tn_at(t, j + 1, "百分之"))) {
			t->num_end = do_number(t, i + l, '-');
			return t->num_end;
		}
		if (tn_at(t, i + l, "百分之") ||
		    (l == 1 && t->s[i] == '-' && (l = tn_currency_at(t, i + 1, &say)) != 0)) {
			tn_put(t, "负");
			return i + 1;
		}
	}
	if ((l = tn_at(t, i, "±")) != 0 && number_follows(t, i + l)) {
		tn_put(t, "正负");
		return i + l;
	}
	if (c == '+' && !after_number(t, i) && tn_digit(t, i + 1) && !tn_alpha(t, i - (i > 0))) {
		/* +86 139...: a country code, the plus is not read */
		size_t j = i + 1;

		while (tn_digit(t, j))
			j++;
		if (j - i <= 4 && j < t->n && (t->s[j] == ' ' || t->s[j] == '-') &&
		    tn_digit(t, j + 1)) {
			for (size_t k = i + 1; k < j; k++)
				tn_putn(t,
				        (const char *[]){"零", "一", "二", "三", "四", "五", "六",
				                         "七", "八", "九"}[t->s[k] - '0'],
				        3);
			return j + 1;
		}
		t->num_end = do_number(t, i + 1, '+');
		return t->num_end;
	}
	if ((l = do_operator(t, i)) != 0)
		return i + l;
	/* 3.5:1: a ratio whose first term was a decimal */
	if (((l = tn_at(t, i, ":")) != 0 || (l = tn_at(t, i, "∶")) != 0) && t->num_end == i &&
	    tn_digit(t, i + l)) {
		tn_put(t, "比");
		return i + l;
	}
	/* a plus joining words, numbers and letters is read 加 (工会+法院, 1+N, 5G+工业),
	 * and so is one after a count (阅读量10万+) */
	if (c == '+' && plus_joins(t, i)) {
		tn_put(t, "加");
		return i + 1;
	}
	if ((c == '$' || c >= 0x80) && (l = tn_currency_at(t, i, &say)) != 0) {
		t->num_end = tn_read_money(t, i, l, say);
		return t->num_end;
	}
	if (tn_alpha(t, i)) {
		size_t e = tn_read_latin(t, i);

		if (e > i && tn_digit(t, e - 1))
			t->num_end = e;
		return e > i ? e : i + 1;
	}
	if (c >= 0x80) {
		if ((l = tn_drop_symbol(t, i)) != 0)
			return i + l;
		if ((l = tn_at(t, i, "○")) != 0 || (l = tn_at(t, i, "〇")) != 0) {
			tn_put(t, "零");
			return i + l;
		}
		l = tn_cp_len(t, i);
		tn_note_foreign(t, i, l);
		tn_putn(t, t->s + i, l);
		return i + l;
	}
	if (c == '@') {
		tn_put(t, "艾特");
		return i + 1;
	}
	if (c == '&' && i > 0 && t->s[i - 1] == ' ') {
		tn_put(t, "和");
		return i + 1;
	}
	if (c && strchr("#*^|\\_`{}<>=~&", (int)c) && !(i > 0 && t->s[i - 1] == (char)c))
		tn_note(t, i, 1, "symbol passed through");
	tn_putn(t, t->s + i, 1);
	return i + 1;
}

/* Bytes that never start anything the scanner reads: copied as they are. */
static int plain_byte(unsigned char c)
{
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		         (c >= 'A' && c <= 'Z') || (c && strchr(".-+$~=<>@&#*^|\\_`{}:", (int)c)));
	return c >= 0xE4 && c <= 0xE9; /* CJK ideographs */
}

int tn_normalize(const char *text, size_t len, struct buf *out, struct buf *notes)
{
	struct tn t = {.s = text, .n = len, .out = out, .notes = notes, .num_end = TN_NONE};
	size_t i = 0, digits = 0;

	if (!text)
		return 0;
	for (i = 0; i < len && !digits; i++)
		digits = text[i] >= '0' && text[i] <= '9';
	t.ctx = digits ? sentence_context(&t) : 0;
	i = 0;
	while (i < len && !t.err) {
		size_t j = i;

		while (j < len && plain_byte((unsigned char)text[j])) {
			/* a CJK lead byte copies its whole code point */
			j += (unsigned char)text[j] >= 0x80 ? tn_cp_len(&t, j) : 1;
		}
		if (j > len)
			j = len;
		if (j > i) {
			tn_putn(&t, text + i, j - i);
			i = j;
			continue;
		}
		i = step(&t, i);
	}
	return t.err;
}
