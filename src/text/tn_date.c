/* Dates, years and times for the normalizer (see tn_date.h). */
#include "text/tn_date.h"

#include "text/tn_lex.h"
#include "text/tn_num.h"

#include <string.h>

/* Around M.D: the figure is a date (于12.30举行). */
static const char *const DATE_BEFORE[] = {"于",   "在",   "至",   "到",   "从", "自",
                                          "截至", "截止", "日期", "定于", NULL};

static const char *const DATE_AFTER[] = {"前",   "后",   "起",   "当天", "晚",
                                         "上午", "下午", "凌晨", "零时", "开始",
                                         "举行", "召开", "期间", "截止", NULL};

/* Before N年 of four digits: a count of years, not a year (近两千年). */
static const char *const YEARS_COUNT_BEFORE[] = {"近",   "长达", "历时", "逾",   "超过",
                                                 "多达", "用了", "花了", "历经", "耗时",
                                                 "持续", "有",   NULL};

static const char *const YEARS_COUNT_AFTER[] = {"多", "余", "之久", "历史", "的历史", "光景", NULL};

static const char *const ERA_WORDS[] = {"公元前", "公元", "纪元", "西元", NULL};

static const char *const AMPM[] = {"a.m.", "A.M.", "am", "AM", "p.m.", "P.M.", "pm", "PM", NULL};

int tn_valid_month(const struct part *p)
{
	long v = tn_part_value(p);

	return p->nd <= 2 && v >= 1 && v <= 12;
}

int tn_valid_day(const struct part *p)
{
	long v = tn_part_value(p);

	return p->nd <= 2 && v >= 1 && v <= 31;
}

int tn_year_like(const struct part *p)
{
	long v = tn_part_value(p);

	return p->nd == 4 && v >= 1000 && v <= 2999;
}

void tn_say_date(struct tn *t, const struct part *y, const struct part *m, const struct part *d)
{
	if (y) {
		tn_put_digits(t, y, 0);
		tn_put(t, "年");
	}
	if (m) {
		tn_put_value(t, tn_part_value(m), 0);
		tn_put(t, "月");
	}
	if (d) {
		tn_put_value(t, tn_part_value(d), 0);
		tn_put(t, "日");
	}
}

int tn_try_date(struct tn *t, const struct part *p, int np, int yy_ok)
{
	if (np == 3) {
		if ((tn_year_like(&p[0]) || (yy_ok && p[0].nd == 2)) && tn_valid_month(&p[1]) &&
		    tn_valid_day(&p[2])) {
			tn_say_date(t, &p[0], &p[1], &p[2]);
			return 1;
		}
		if (tn_year_like(&p[2]) && tn_valid_month(&p[0]) && tn_valid_day(&p[1])) {
			tn_say_date(t, &p[2], &p[0], &p[1]);
			return 1;
		}
		return 0;
	}
	if (np != 2)
		return 0;
	if (tn_year_like(&p[0]) && p[1].nd == 2 && tn_valid_month(&p[1])) {
		tn_say_date(t, &p[0], &p[1], NULL);
		return 1;
	}
	if (tn_year_like(&p[1]) && p[0].nd == 2 && tn_valid_month(&p[0])) {
		tn_say_date(t, &p[1], &p[0], NULL);
		return 1;
	}
	if ((p[0].lead0 || p[1].lead0) && p[0].nd == 2 && p[1].nd == 2 && tn_valid_month(&p[0]) &&
	    tn_valid_day(&p[1])) {
		tn_say_date(t, NULL, &p[0], &p[1]);
		return 1;
	}
	return 0;
}

int tn_try_year_span(struct tn *t, const struct part *a, const struct part *b, int loose)
{
	long y = tn_part_value(a), z = tn_part_value(b);

	if (!tn_year_like(a) || b->nd != 2 || (z != (y + 1) % 100 && !(loose && z > y % 100)))
		return 0;
	tn_put_digits(t, a, 0);
	tn_put(t, "到");
	tn_put_digits(t, b, 0);
	t->num_was_year = 1;
	return 1;
}

int tn_year_span_noun(const struct tn *t, size_t i)
{
	return tn_at_any(t, i, tn_year_nouns) || tn_at(t, i, "学年") || tn_at(t, i, "年");
}

int tn_is_year(const struct tn *t, const struct num *x, size_t sfx)
{
	const struct part *p = x->ip;
	size_t after;

	if (x->fp || x->sign || !tn_at(t, sfx, "年"))
		return 0;
	after = sfx + strlen("年");
	if (tn_at(t, after, "代"))
		return p->nd == 4;
	if (tn_ends_with_any(t, x->start, ERA_WORDS))
		return p->nd >= 2;
	if (p->nd == 4)
		return !tn_ends_with_any(t, x->start, YEARS_COUNT_BEFORE) &&
		       !tn_at_any(t, after, YEARS_COUNT_AFTER);
	/* 822年－875年: the second end of a span of years */
	if (t->num_was_year && t->num_end != TN_NONE && x->start > 0 &&
	    x->start - t->num_end <= 6 && tn_ends_with_any(t, x->start, tn_range_chars))
		return 1;
	/* （885年）: a year given in brackets after a reign year */
	if (p->nd == 3 && tn_ends_with_any(t, x->start, (const char *const[]){"（", "(", NULL}))
		return 1;
	if (p->nd == 2) {
		size_t j = after;

		if (p->lead0)
			return 1;
		/* 八六年八月: a month follows */
		while (tn_digit(t, j))
			j++;
		return j > after && j - after <= 2 && tn_at(t, j, "月");
	}
	return 0;
}

static void say_time_part(struct tn *t, long v, const char *unit)
{
	if (v < 10)
		tn_put(t, "零");
	tn_put_value(t, v, 0);
	tn_put(t, unit);
}

static size_t ampm_at(const struct tn *t, size_t i, int *pm)
{
	size_t j = tn_skip_spaces(t, i), l;

	if (j - i > 1)
		return 0;
	if ((l = tn_at_any(t, j, AMPM)) == 0 || (tn_alpha(t, j + l) && l == 2))
		return 0;
	*pm = t->s[j] == 'p' || t->s[j] == 'P';
	return j + l - i;
}

size_t tn_read_colon(struct tn *t, const struct tok *k)
{
	const struct part *p = k->p;
	long h = tn_part_value(&p[0]), m = tn_part_value(&p[1]),
	     sec = k->np > 2 ? tn_part_value(&p[2]) : 0;
	static const char *const TIME_BEFORE[] = {"于",   "在",   "时间", "晚", "上午",
	                                          "下午", "凌晨", "中午", "早", "至",
	                                          "到",   "从",   "自",   NULL};
	static const char *const TIME_AFTER[] = {"开始", "开赛", "开球", "举行", "进行",
	                                         "起",   "前",   "后",   "结束", NULL};
	int time = k->np <= 3 && p[0].nd <= 2 && h <= 24 && p[1].nd == 2 && m <= 59 &&
	           (k->np < 3 || (p[2].nd == 2 && sec <= 59));
	size_t e = k->end, l;
	int pm = 0;

	/* in a match report, 3:1 is a score unless the words say it is a time;
	 * on the hour or half hour (19:00, 14:30) it is a time anyway */
	if (time && (t->ctx & TN_CTX_SPORT) && k->np == 2 && m != 0 && m != 30 &&
	    !tn_kw_before(t, k->start, 9, TIME_BEFORE) && !tn_at_any(t, e, TIME_AFTER))
		time = 0;
	if (!time) {
		for (int i = 0; i < k->np; i++) {
			if (i)
				tn_put(t, "比");
			tn_put_cardinal(t, &p[i], 0);
		}
		/* 1:7.1: the last term may be a decimal */
		if (e + 1 < t->n && t->s[e] == '.' && tn_digit(t, e + 1)) {
			struct part f;

			e = tn_parse_part(t, e + 1, &f);
			tn_put(t, "点");
			tn_put_digits(t, &f, 0);
		}
		t->num_small_int = 0;
		return e;
	}
	if ((l = ampm_at(t, e, &pm)) != 0) {
		tn_put(t, pm ? "下午" : "上午");
		e += l;
	}
	tn_put_value(t, h, TN_LIANG);
	tn_put(t, "点");
	if (m || sec) {
		if (m || k->np > 2)
			say_time_part(t, m, "分");
		if (sec)
			say_time_part(t, sec, "秒");
	}
	t->num_small_int = 0;
	return e;
}

size_t tn_read_middle_dot(struct tn *t, const struct tok *k)
{
	if (tn_try_date(t, k->p, k->np, 0))
		return k->end;
	for (int i = 0; i < k->np; i++)
		tn_put_digits(t, &k->p[i], 0);
	return k->end;
}

int tn_dotted_month_day(const struct tn *t, const struct tok *k)
{
	const struct part *p = k->p;
	size_t e = k->end;

	if (!(t->ctx & TN_CTX_DATE) || !tn_valid_month(&p[0]) || !tn_valid_day(&p[1]) || p[0].lead0)
		return 0;
	if (tn_measure_after(t, e) || tn_at_any(t, e, tn_money_words) ||
	    tn_at_any(t, e, tn_magnitudes) || tn_at(t, e, "%") || tn_alpha(t, e))
		return 0;
	if (tn_range_right_suffix(t, e) != TN_NONE)
		return 1;
	if (t->num_end != TN_NONE && t->num_end + 6 >= k->start && k->start > 0 &&
	    tn_ends_with_any(t, k->start, tn_range_chars))
		return 1;
	return tn_ends_with_any(t, k->start, DATE_BEFORE) || tn_at_any(t, e, DATE_AFTER);
}
