/*
 * The normalizer's scanner: one pass over the sentence, copying text through
 * and handing each figure (a run of digits with its separators, sign, currency
 * and unit) to the reader that fits its shape and context. The conventions
 * are documented in docs/normalization.md.
 */
#include "text/tn.h"

#include "core/err.h"
#include "text/tn_num.h"
#include "text/tn_scan.h"

#include <string.h>

#define MAXD 40	 /* digits kept per part; longer runs are read digit by digit */
#define MAXPART 4

struct part {
	char d[MAXD + 1];
	size_t nd;
	size_t pos; /* input offset of the first digit */
	int lead0;  /* written with a leading zero ("08") */
};

struct tok {
	size_t start, end;
	int np;
	char sep; /* '.', ':', '/', 'm' (middle dot) or 0 for a single part */
	struct part p[MAXPART];
};

/* A plain number about to be read: integer part, optional fraction, sign. */
struct num {
	const struct part *ip;
	const struct part *fp; /* NULL when there is no fraction */
	int sign;	       /* 0, '-' or '+' */
	size_t start;	       /* first input byte, sign included */
	size_t end;	       /* just after the digits */
};

/* ---- word lists ------------------------------------------------------- */

static const char *const RANGE_CHARS[] = {"~", "～", "〜", "-", "－", "–", "—", "−", NULL};
static const char *const MINUS_CHARS[] = {"-", "－", "−", NULL};
/* Words after which "-3" is a negative value (余额为-3, 降至-3). */
static const char *const NEG_BEFORE[] = {"为", "是", "至", "到", "达", "约", "在", "从", "由", "和",
					 "与", "及", "或", "有", "降", "升", "低", "高", "于", "了",
					 "值", "算", "得", "取", "等于", "加", "减", "乘", "除", NULL};

/* After 2: 两个, 两年, 两公里 (but 二月, 二号, 二楼, 第二) */
static const char *const MEASURE_WORDS[] = {
	"个", "位", "名", "人", "种", "条", "项", "件", "次", "天", "年", "岁", "倍", "家", "座",
	"辆", "台", "套", "份", "只", "张", "本", "部", "场", "架", "艘", "双", "对", "块", "元",
	"角", "毛", "分钟", "小时", "周", "星期", "层", "所", "支", "批", "组", "类", "轮", "届",
	"枚", "颗", "粒", "吨", "米", "公里", "千米", "公斤", "千克", "克", "斤", "亿", "万", "千",
	"百", "节", "段", "首", "篇", "句", "笔", "户", "间", "声", "步", "根", "头", "匹", "棵",
	"株", "片", "包", "箱", "瓶", "杯", "碗", "盒", "道", "票", "例", "栋", "幢", "扇", "下",
	"遍", "趟", "番", "股", "大", "美元", "欧元", "英镑", "日元", "港元", "点", "时", "秒",
	"亩", "方面", "国", "省", "市", "县", "地", "队", "轮", "成", "期间", NULL};

/* Money words after a number: decimals drop trailing zeros (36.00元 → 三十六元). */
static const char *const MONEY_WORDS[] = {"元", "万元", "亿元", "美元", "欧元", "英镑",
					  "日元", "港元", "韩元", "澳元", "块", "人民币",
					  "万美元", "亿美元", NULL};

/* Units a "/X" rate may follow (3000元/月 → 每月三千元). */
static const char *const RATE_NUMERATORS[] = {
	"万元", "亿元", "元", "美元", "块", "公里", "千米", "厘米", "毫米", "米", "吨", "公斤",
	"千克", "克", "斤", "平方米", "立方米", "人次", "次", "人", "个", "件", "台", "辆", "度",
	"千瓦时", "毫升", "升", "天", "小时", "户", "套", "份", "张", "篇", "万", NULL};
static const char *const RATE_DENOMINATORS[] = {
	"平方米", "立方米", "千瓦时", "小时", "分钟", "公斤", "千克", "公里", "月", "年", "天",
	"日", "周", "人", "次", "秒", "件", "个", "台", "辆", "吨", "斤", "克", "米", "亩", "户",
	"套", "张", "份", "升", "度", "箱", "盒", "瓶", "股", "桶", "单", "场", "晚", "间", "例",
	NULL};

/* Latin units after a number, longest first: written form, spoken form. */
struct unit {
	const char *w, *say;
	int temp; /* a temperature: below zero is 零下 */
};
static const struct unit UNITS[] = {
	{"°C", "摄氏度", 1}, {"℃", "摄氏度", 1}, {"°F", "华氏度", 1}, {"℉", "华氏度", 1},
	{"km²", "平方公里", 0}, {"km2", "平方公里", 0}, {"cm²", "平方厘米", 0},
	{"cm2", "平方厘米", 0}, {"mm²", "平方毫米", 0}, {"mm2", "平方毫米", 0},
	{"m²", "平方米", 0}, {"m2", "平方米", 0}, {"㎡", "平方米", 0}, {"m³", "立方米", 0},
	{"m3", "立方米", 0}, {"kWh", "千瓦时", 0}, {"kwh", "千瓦时", 0}, {"mAh", "毫安时", 0},
	{"GHz", "吉赫", 0}, {"MHz", "兆赫", 0}, {"kHz", "千赫", 0}, {"Hz", "赫兹", 0},
	{"km", "公里", 0}, {"cm", "厘米", 0}, {"mm", "毫米", 0}, {"nm", "纳米", 0},
	{"μm", "微米", 0}, {"kg", "千克", 0}, {"mg", "毫克", 0}, {"ms", "毫秒", 0},
	{"min", "分钟", 0}, {"ml", "毫升", 0}, {"mL", "毫升", 0}, {"kW", "千瓦", 0},
	{"kw", "千瓦", 0}, {"MW", "兆瓦", 0}, {"GW", "吉瓦", 0}, {"dB", "分贝", 0},
	{"m", "米", 0}, {"g", "克", 0}, {"t", "吨", 0}, {"s", "秒", 0}, {"h", "小时", 0},
	{"L", "升", 0}, {"W", "瓦", 0}, {"°", "度", 0}, {NULL, NULL, 0}};

/* Currency signs and codes written before the amount. */
struct currency {
	const char *w, *say;
};
static const struct currency CURRENCIES[] = {
	{"US$", "美元"}, {"HK$", "港元"}, {"A$", "澳元"}, {"C$", "加元"}, {"NT$", "新台币"},
	{"$", "美元"},	 {"¥", "元"},	  {"￥", "元"},	   {"€", "欧元"},  {"£", "英镑"},
	{"₩", "韩元"},	 {"₹", "卢比"},	  {"₽", "卢布"},   {"USD", "美元"}, {"HKD", "港元"},
	{"AUD", "澳元"}, {"CNY", "人民币"}, {"RMB", "人民币"}, {"EUR", "欧元"}, {"GBP", "英镑"},
	{"JPY", "日元"}, {NULL, NULL}};

static const char *const MAGNITUDES[] = {"万亿", "千万", "百万", "万", "亿", "千", NULL};

/* Before a number: read it digit by digit, 1 as 幺 (phones). */
static const char *const PHONE_WORDS[] = {"电话", "热线", "手机", "拨打", "致电", "来电",
					  "号码", "尾号", "短信", "传真", "客服", "分机",
					  "固话", "座机", "呼叫", "报警", "举报", "号是", NULL};
/* Before a number: read it digit by digit (codes, not amounts). */
static const char *const CODE_WORDS[] = {"编号", "代码", "车次", "航班", "邮编", "账号",
					 "帐号", "卡号", "工号", "学号", "证号", "序列号",
					 "批号", "型号", "房间", "密码", "验证码", "代号",
					 "网址", "信箱", "分辨率", "编码", NULL};
/* After a number of 3+ digits: the number names something (九八五工程). */
static const char *const CODE_NOUNS[] = {"工程", "新政", "事件", "计划", "专线", "行动", NULL};
/* Right after a number of 3+ digits: the number is dialled (幺一零报警). */
static const char *const PHONE_AFTER[] = {"热线", "报警", "急救", "电话", "服务热线", "客服",
					  "打个电话", "求助", NULL};
/* After a 4-digit number from 1900 to 2099: the number is a year (二零二三赛季). */
static const char *const YEAR_NOUNS[] = {"赛季", "年度", "财年", "款", "版", "届", NULL};
/* Around M.D: the figure is a date (于12.30举行). */
static const char *const DATE_BEFORE[] = {"于", "在", "至", "到", "从", "自", "截至", "截止",
					  "日期", "定于", NULL};
static const char *const DATE_AFTER[] = {"前", "后", "起", "当天", "晚", "上午", "下午", "凌晨",
					 "零时", "开始", "举行", "召开", "期间", "截止", NULL};
/* Before N年 of four digits: a count of years, not a year (近两千年). */
static const char *const YEARS_COUNT_BEFORE[] = {
	"近", "长达", "历时", "逾", "超过", "多达", "用了", "花了", "历经", "耗时", "持续", "有",
	NULL};
static const char *const YEARS_COUNT_AFTER[] = {"多", "余", "之久", "历史", "的历史", "光景",
						NULL};
static const char *const ERA_WORDS[] = {"公元前", "公元", "纪元", "西元", NULL};
static const char *const SPORT_WORDS[] = {
	"比分", "比赛", "战胜", "击败", "战平", "负于", "不敌", "逆转", "爆冷", "获胜", "取胜",
	"险胜", "大胜", "完胜", "惜败", "告负", "决赛", "联赛", "球队", "主场", "客场", "进球",
	"小组赛", "淘汰赛", "半场", "加时", "点球", "力克", "击溃", "横扫", "战绩", "比分为",
	NULL};
static const char *const DATE_WORDS[] = {"日期", "截至", "截止", "期间", "元旦", "春节",
					 "国庆", "假期", "档期", NULL};
static const char *const AMPM[] = {"a.m.", "A.M.", "am", "AM", "p.m.", "P.M.", "pm", "PM", NULL};

/* ---- small helpers ---------------------------------------------------- */

static int cjk_at(const struct tn *t, size_t i, const char *const *list)
{
	return tn_at_any(t, i, list) != 0;
}

static size_t skip_spaces(const struct tn *t, size_t i)
{
	while (i < t->n && t->s[i] == ' ')
		i++;
	return i;
}

static long part_value(const struct part *p)
{
	return tn_digits_value(p->d, p->nd);
}

static void say_cardinal(struct tn *t, const struct part *p, unsigned flags)
{
	if (!t->err)
		t->err = tn_say_cardinal(t->out, p->d, p->nd, flags);
}

static void say_value(struct tn *t, long v, unsigned flags)
{
	char d[24];
	size_t n = 0;
	char tmp[24];

	if (v < 0)
		v = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v && n < sizeof(tmp));
	for (size_t i = 0; i < n; i++)
		d[i] = tmp[n - 1 - i];
	if (!t->err)
		t->err = tn_say_cardinal(t->out, d, n, flags);
}

static void say_digits(struct tn *t, const struct part *p, int yao)
{
	if (!t->err)
		t->err = tn_say_digits(t->out, p->d, p->nd, yao);
}

/* A run of ASCII digits, with thousands separators when they are well formed
 * (1,234,567). Returns the offset after it. */
static size_t parse_part(const struct tn *t, size_t i, struct part *p)
{
	size_t run = 0;

	p->pos = i;
	p->nd = 0;
	p->lead0 = tn_digit(t, i) && t->s[i] == '0' && tn_digit(t, i + 1);
	while (tn_digit(t, i)) {
		if (p->nd < MAXD)
			p->d[p->nd++] = t->s[i];
		i++;
		run++;
		if (run <= 3 && run == p->nd && t->s[i - 1] && i < t->n && t->s[i] == ',' &&
		    tn_digit(t, i + 1) && tn_digit(t, i + 2) && tn_digit(t, i + 3) &&
		    !tn_digit(t, i + 4) && !p->lead0)
			goto thousands;
	}
	p->d[p->nd] = 0;
	return i;
thousands:
	while (i < t->n && t->s[i] == ',' && tn_digit(t, i + 1) && tn_digit(t, i + 2) &&
	       tn_digit(t, i + 3) && !tn_digit(t, i + 4)) {
		for (int k = 1; k <= 3; k++)
			if (p->nd < MAXD)
				p->d[p->nd++] = t->s[i + (size_t)k];
		i += 4;
	}
	p->d[p->nd] = 0;
	return i;
}

/* The separator at i that may join parts of one figure, with its length. */
static char sep_at(const struct tn *t, size_t i, size_t *len)
{
	size_t l;

	if (i >= t->n)
		return 0;
	*len = 1;
	switch (t->s[i]) {
	case '.':
		return '.';
	case ':':
		return ':';
	case '/':
		return '/';
	case ' ':
		/* "1 / 2" */
		if (i + 2 < t->n && t->s[i + 1] == '/' && t->s[i + 2] == ' ') {
			*len = 3;
			return '/';
		}
		return 0;
	default:
		break;
	}
	if ((l = tn_at(t, i, "：")) != 0 || (l = tn_at(t, i, "∶")) != 0) {
		*len = l;
		return ':';
	}
	if ((l = tn_at(t, i, "·")) != 0 || (l = tn_at(t, i, "・")) != 0 ||
	    (l = tn_at(t, i, "•")) != 0) {
		*len = l;
		return 'm';
	}
	return 0;
}

static size_t parse_tok(const struct tn *t, size_t i, struct tok *k)
{
	size_t l;
	char c;

	k->start = i;
	k->np = 1;
	k->sep = 0;
	i = parse_part(t, i, &k->p[0]);
	while (k->np < MAXPART && (c = sep_at(t, i, &l)) != 0 && (!k->sep || c == k->sep) &&
	       tn_digit(t, i + l)) {
		/* a decimal takes one fraction; "1.5.3" goes on as a version */
		i = parse_part(t, i + l, &k->p[k->np++]);
		k->sep = c;
	}
	k->end = i;
	return i;
}

/* Past the number that starts at i (digits with separators), or i. */
static size_t skip_number(const struct tn *t, size_t i)
{
	while (i < t->n && (tn_digit(t, i) || ((t->s[i] == '.' || t->s[i] == ',' ||
						  t->s[i] == ':') &&
						 tn_digit(t, i + 1))))
		i++;
	return i;
}

/* When a range sign and a second number follow e ("2~3个"), where the second
 * number's suffix starts; else TN_NONE. */
static size_t range_right_suffix(const struct tn *t, size_t e)
{
	size_t l = tn_at_any(t, e, RANGE_CHARS), j;

	if (!l) {
		if (!(l = tn_at(t, e, "至")) && !(l = tn_at(t, e, "到")))
			return TN_NONE;
	}
	j = e + l;
	if (tn_at_any(t, j, MINUS_CHARS) && tn_digit(t, j + 1))
		j++;
	if (!tn_digit(t, j))
		return TN_NONE;
	return skip_number(t, j);
}

static const struct unit *unit_at(const struct tn *t, size_t i, size_t *len)
{
	const struct unit *u;
	size_t j = i;

	/* "1 kg": one space is allowed before a Latin unit */
	if (j < t->n && t->s[j] == ' ' && tn_alpha(t, j + 1))
		j++;
	for (u = UNITS; u->w; u++) {
		size_t l = tn_at(t, j, u->w);

		if (!l || tn_alpha(t, j + l))
			continue;
		/* "5m3" is not a cube; a unit stands alone */
		if (tn_digit(t, j + l) && u->w[strlen(u->w) - 1] != '2' &&
		    u->w[strlen(u->w) - 1] != '3')
			continue;
		*len = j + l - i;
		return u;
	}
	return NULL;
}

static int is_measure_after(const struct tn *t, size_t i)
{
	size_t l;

	if (tn_at(t, i, "分之"))
		return 0;
	if (cjk_at(t, i, MEASURE_WORDS))
		return 1;
	return unit_at(t, i, &l) != NULL && !unit_at(t, i, &l)->temp;
}

/* ---- context for the whole sentence ----------------------------------- */

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
		if (tn_digit(t, i) && (tn_at(t, i + 1, "月") || tn_at(t, i + 1, "日") ||
				       tn_at(t, i + 1, "号")))
			ctx |= TN_CTX_DATE;
	}
	return ctx;
}

/* ---- dates -------------------------------------------------------------- */

static int valid_month(const struct part *p)
{
	long v = part_value(p);

	return p->nd <= 2 && v >= 1 && v <= 12;
}

static int valid_day(const struct part *p)
{
	long v = part_value(p);

	return p->nd <= 2 && v >= 1 && v <= 31;
}

static int year_like(const struct part *p)
{
	long v = part_value(p);

	return p->nd == 4 && v >= 1000 && v <= 2999;
}

static void say_date(struct tn *t, const struct part *y, const struct part *m,
		     const struct part *d)
{
	if (y) {
		say_digits(t, y, 0);
		tn_put(t, "年");
	}
	if (m) {
		say_value(t, part_value(m), 0);
		tn_put(t, "月");
	}
	if (d) {
		say_value(t, part_value(d), 0);
		tn_put(t, "日");
	}
}

/* Y-M-D, M-D-Y, Y-M, M-Y or (with a leading zero) M-D, over `np` parts.
 * Returns 1 and says it when the parts form a date. */
static int try_date(struct tn *t, const struct part *p, int np, int yy_ok)
{
	if (np == 3) {
		if ((year_like(&p[0]) || (yy_ok && p[0].nd == 2)) && valid_month(&p[1]) &&
		    valid_day(&p[2])) {
			say_date(t, &p[0], &p[1], &p[2]);
			return 1;
		}
		if (year_like(&p[2]) && valid_month(&p[0]) && valid_day(&p[1])) {
			say_date(t, &p[2], &p[0], &p[1]);
			return 1;
		}
		return 0;
	}
	if (np != 2)
		return 0;
	if (year_like(&p[0]) && p[1].nd == 2 && valid_month(&p[1])) {
		say_date(t, &p[0], &p[1], NULL);
		return 1;
	}
	if (year_like(&p[1]) && p[0].nd == 2 && valid_month(&p[0])) {
		say_date(t, &p[1], &p[0], NULL);
		return 1;
	}
	if ((p[0].lead0 || p[1].lead0) && p[0].nd == 2 && p[1].nd == 2 && valid_month(&p[0]) &&
	    valid_day(&p[1])) {
		say_date(t, NULL, &p[0], &p[1]);
		return 1;
	}
	return 0;
}

/* 2016/17, 1989-90: a year and the next one written short; says both. */
static int try_short_year_span(struct tn *t, const struct part *a, const struct part *b)
{
	long y = part_value(a);

	if (!year_like(a) || b->nd != 2 || part_value(b) != (y + 1) % 100)
		return 0;
	say_digits(t, a, 0);
	tn_put(t, "到");
	say_digits(t, b, 0);
	return 1;
}

/* Whether N年 is a year (二零二三年) rather than a count of years (二十年). */
static int is_year(const struct tn *t, const struct num *x, size_t sfx)
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
		       !cjk_at(t, after, YEARS_COUNT_AFTER);
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

/* ---- plain numbers ------------------------------------------------------ */

enum digits_mode { DIGITS_NO, DIGITS_PLAIN, DIGITS_YAO };

static enum digits_mode digits_mode(const struct tn *t, const struct num *x, size_t sfx)
{
	const struct part *p = x->ip;

	if (x->fp || x->sign == '-' || is_measure_after(t, sfx) ||
	    cjk_at(t, sfx, MONEY_WORDS) || cjk_at(t, sfx, MAGNITUDES))
		return DIGITS_NO;
	if (p->nd == 11 && p->d[0] == '1' && p->d[1] >= '3' && p->d[1] <= '9')
		return DIGITS_YAO;
	if (p->lead0)
		return DIGITS_YAO;
	if (p->nd >= 3 && (tn_kw_before(t, x->start, 15, PHONE_WORDS) || cjk_at(t, sfx, PHONE_AFTER)))
		return DIGITS_YAO;
	if (p->nd == 4 && !tn_ends_with_any(t, x->start, (const char *const[]){"第", NULL}) &&
	    part_value(p) >= 1900 && part_value(p) <= 2099 && cjk_at(t, sfx, YEAR_NOUNS))
		return DIGITS_PLAIN;
	if (p->nd >= 3 && tn_kw_before(t, x->start, 15, CODE_WORDS))
		return DIGITS_PLAIN;
	if (p->nd >= 3 && cjk_at(t, sfx, CODE_NOUNS))
		return DIGITS_PLAIN;
	/* a long number before 号 names something: “26314”号 */
	if (p->nd >= 5 && (tn_at(t, sfx, "号") || (tn_at(t, sfx, "”") && tn_at(t, sfx + 3, "号"))))
		return DIGITS_PLAIN;
	/* 九零后, 九五后, 零零后 */
	if (p->nd == 2 && tn_at(t, sfx, "后") && !tn_at(t, sfx, "后来") &&
	    !tn_ends_with_any(t, x->start, (const char *const[]){"第", "前", NULL}))
		return DIGITS_PLAIN;
	if (p->nd > TN_MAX_CARDINAL)
		return DIGITS_PLAIN;
	return DIGITS_NO;
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
	if ((u = unit_at(t, i + 1, &l)) != NULL && !u->temp && t->s[i + 1] != ' ') {
		*say = u->say;
		*saylen = strlen(u->say);
		return l + 1;
	}
	return 0;
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
	enum digits_mode dm;

	t->num_small_int = !x->fp && p->nd <= 3;
	/* "于 2015 年": spaces before a Chinese suffix do not separate it */
	if (e < t->n && t->s[e] == ' ' && tn_cjk(t, skip_spaces(t, e)))
		sfx = skip_spaces(t, e);
	if (range_right_suffix(t, e) != TN_NONE) {
		sfx = range_right_suffix(t, e);
		own = 0;
	}
	/* ordinals: 第二, never 第两 */
	if (tn_ends_with_any(t, x->start, (const char *const[]){"第", NULL}))
		flags = TN_LIANG_LEAD;
	else if (is_measure_after(t, sfx))
		flags |= TN_LIANG;

	/* percent and per-mille */
	if ((l = tn_at(t, sfx, "%")) || (l = tn_at(t, sfx, "％")) || (l = tn_at(t, sfx, "‰"))) {
		int mille = tn_at(t, sfx, "‰") != 0;

		if (x->sign)
			tn_put(t, x->sign == '-' ? "负" : "正");
		tn_put(t, mille ? "千分之" : "百分之");
		if (x->fp) {
			if (!t->err)
				t->err = tn_say_decimal(t->out, p->d, p->nd, x->fp->d, x->fp->nd,
							TN_LIANG_LEAD, 0);
		} else {
			say_cardinal(t, p, TN_LIANG_LEAD);
		}
		return own ? sfx + l : e;
	}

	/* years: 公元2934年, 2934ad, 2334bc */
	if (!x->fp && !x->sign && p->nd >= 3 && p->nd <= 4 && own) {
		static const char *const AD[] = {"a.d.", "A.D.", "ad", "AD", NULL};
		static const char *const BC[] = {"b.c.", "B.C.", "bc", "BC", NULL};
		int bc = 0;

		if ((l = tn_at_any(t, e, AD)) != 0 || ((l = tn_at_any(t, e, BC)) != 0 && (bc = 1))) {
			if (!tn_alpha(t, e + l) || l > 2) {
				tn_put(t, bc ? "公元前" : "公元");
				say_digits(t, p, 0);
				tn_put(t, "年");
				return e + l;
			}
		}
	}
	if (is_year(t, x, sfx)) {
		say_digits(t, p, 0);
		return e;
	}
	if (!x->fp && !x->sign && tn_at(t, sfx, "月") && valid_month(p)) {
		say_value(t, part_value(p), 0);
		return e;
	}
	if (!x->fp && !x->sign && (tn_at(t, sfx, "日") || tn_at(t, sfx, "号")) && p->nd < 5) {
		say_value(t, part_value(p), 0);
		return e;
	}

	dm = digits_mode(t, x, sfx);
	if (dm != DIGITS_NO) {
		say_digits(t, p, dm == DIGITS_YAO);
		if (p->nd > TN_MAX_CARDINAL)
			tn_note(t, x->start, e - x->start, "long number read digit by digit");
		return e;
	}

	/* 300w张: a Latin w before a Chinese word is 万 */
	if (own && !x->sign && e < t->n && (t->s[e] == 'w' || t->s[e] == 'W') && tn_cjk(t, e + 1)) {
		if (x->fp) {
			if (!t->err)
				t->err = tn_say_decimal(t->out, p->d, p->nd, x->fp->d, x->fp->nd,
							TN_LIANG_LEAD, 0);
		} else {
			say_cardinal(t, p, TN_LIANG_LEAD);
		}
		tn_put(t, "万");
		return e + 1;
	}
	u = unit_at(t, sfx, &ulen);
	temp = u && u->temp;
	if (!u && own) {
		cjk_unit = tn_at_any(t, e, RATE_NUMERATORS);
	}
	money = cjk_at(t, sfx, MONEY_WORDS);
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
	if (x->fp) {
		if (!t->err)
			t->err = tn_say_decimal(t->out, p->d, p->nd, x->fp->d, x->fp->nd,
						flags, money);
	} else {
		say_cardinal(t, p, flags);
	}
	if (!own)
		return e;
	if (u) {
		tn_put(t, u->say);
		e += ulen;
	} else if (rate) {
		tn_putn(t, t->s + e, cjk_unit);
		e += cjk_unit;
	}
	return e + rate;
}

/* ---- figures by shape --------------------------------------------------- */

static void say_time_part(struct tn *t, long v, const char *unit)
{
	if (v < 10)
		tn_put(t, "零");
	say_value(t, v, 0);
	tn_put(t, unit);
}

static size_t ampm_at(const struct tn *t, size_t i, int *pm)
{
	size_t j = skip_spaces(t, i), l;

	if (j - i > 1)
		return 0;
	if ((l = tn_at_any(t, j, AMPM)) == 0 || (tn_alpha(t, j + l) && l == 2))
		return 0;
	*pm = t->s[j] == 'p' || t->s[j] == 'P';
	return j + l - i;
}

/* H:MM, H:MM:SS as a time; X:Y otherwise (and in a match) as a ratio. */
static size_t say_colon(struct tn *t, const struct tok *k)
{
	const struct part *p = k->p;
	long h = part_value(&p[0]), m = part_value(&p[1]), sec = k->np > 2 ? part_value(&p[2]) : 0;
	static const char *const TIME_BEFORE[] = {"于", "在", "时间", "晚", "上午", "下午", "凌晨",
						  "中午", "早", "至", "到", "从", "自", NULL};
	static const char *const TIME_AFTER[] = {"开始", "开赛", "开球", "举行", "进行", "起",
						 "前", "后", "结束", NULL};
	int time = k->np <= 3 && p[0].nd <= 2 && h <= 24 && p[1].nd == 2 && m <= 59 &&
		   (k->np < 3 || (p[2].nd == 2 && sec <= 59));
	size_t e = k->end, l;
	int pm = 0;

	/* in a match report, 3:1 is a score unless the words say it is a time */
	if (time && (t->ctx & TN_CTX_SPORT) && k->np == 2 &&
	    !tn_kw_before(t, k->start, 9, TIME_BEFORE) && !cjk_at(t, e, TIME_AFTER))
		time = 0;
	if (!time) {
		for (int i = 0; i < k->np; i++) {
			if (i)
				tn_put(t, "比");
			say_cardinal(t, &p[i], 0);
		}
		t->num_small_int = 0;
		return e;
	}
	if ((l = ampm_at(t, e, &pm)) != 0) {
		tn_put(t, pm ? "下午" : "上午");
		e += l;
	}
	say_value(t, h, TN_LIANG);
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

static size_t say_slash(struct tn *t, const struct tok *k, int sign)
{
	const struct part *p = k->p;

	if (k->np == 2 && (t->ctx & TN_CTX_SPORT) && p[0].nd <= 2 && p[1].nd <= 2) {
		say_cardinal(t, &p[0], 0);
		tn_put(t, "比");
		say_cardinal(t, &p[1], 0);
		return k->end;
	}
	if (try_date(t, p, k->np, 1))
		return k->end;
	if (k->np == 2 && !sign && try_short_year_span(t, &p[0], &p[1]))
		return k->end;
	if (k->np == 2 && !sign && year_like(&p[0]) && year_like(&p[1]) &&
	    part_value(&p[1]) == part_value(&p[0]) + 1) {
		say_digits(t, &p[0], 0); /* 2007/2008学年 */
		tn_put(t, "到");
		say_digits(t, &p[1], 0);
		return k->end;
	}
	if (k->np == 2) {
		if (sign == '-')
			tn_put(t, "负");
		say_cardinal(t, &p[1], 0);
		tn_put(t, "分之");
		say_cardinal(t, &p[0], 0);
		return k->end;
	}
	for (int i = 0; i < k->np; i++) {
		if (i)
			tn_put(t, "斜杠");
		say_cardinal(t, &p[i], 0);
	}
	tn_note(t, k->start, k->end - k->start, "unknown slash figure read part by part");
	return k->end;
}

/* "5·12" names an event: digit by digit. 2019·2·10 is a date. */
static size_t say_middle_dot(struct tn *t, const struct tok *k)
{
	if (try_date(t, k->p, k->np, 0))
		return k->end;
	for (int i = 0; i < k->np; i++)
		say_digits(t, &k->p[i], 0);
	return k->end;
}

/* Whether a M.D figure is a date here ("12.30" in a sentence about dates). */
static int dotted_month_day(const struct tn *t, const struct tok *k)
{
	const struct part *p = k->p;
	size_t e = k->end;

	if (!(t->ctx & TN_CTX_DATE) || !valid_month(&p[0]) || !valid_day(&p[1]) || p[0].lead0)
		return 0;
	if (is_measure_after(t, e) || cjk_at(t, e, MONEY_WORDS) || cjk_at(t, e, MAGNITUDES) ||
	    tn_at(t, e, "%") || tn_alpha(t, e))
		return 0;
	if (range_right_suffix(t, e) != TN_NONE)
		return 1;
	if (t->num_end != TN_NONE && t->num_end + 6 >= k->start && k->start > 0 &&
	    tn_ends_with_any(t, k->start, RANGE_CHARS))
		return 1;
	return tn_ends_with_any(t, k->start, DATE_BEFORE) || cjk_at(t, e, DATE_AFTER);
}

/* A version number: 3.10.2 → 三点十点二. */
static size_t say_version(struct tn *t, const struct tok *k)
{
	for (int i = 0; i < k->np; i++) {
		if (i)
			tn_put(t, "点");
		if (k->p[i].lead0 || k->p[i].nd > 3)
			say_digits(t, &k->p[i], 0);
		else
			say_cardinal(t, &k->p[i], 0);
	}
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
			say_digits(t, &p[i], 0);
		}
		return k->end;
	}
	/* iOS 17.2.1 is a version, 12.2.3 alone a date */
	if (!sign && k->np == 3 &&
	    try_date(t, p, 3, !(k->start >= 2 && t->s[k->start - 1] == ' ' &&
				tn_alpha(t, k->start - 2))))
		return k->end;
	if (k->np == 3)
		return say_version(t, k);
	if (!sign && p[0].nd == 2 && valid_month(&p[0]) && year_like(&p[1]) &&
	    !tn_cjk(t, k->end)) {
		say_date(t, &p[1], &p[0], NULL); /* 08.2008 */
		return k->end;
	}
	if (!sign && year_like(&p[0]) && p[1].nd == 2 && valid_month(&p[1]) &&
	    !tn_cjk(t, k->end) && !tn_alpha(t, k->end) && !tn_at(t, k->end, "%") &&
	    range_right_suffix(t, k->end) == TN_NONE) {
		say_date(t, &p[0], &p[1], NULL);
		return k->end;
	}
	if (!sign && (dotted_month_day(t, k) || (p[0].lead0 && p[0].nd == 2 && p[1].nd == 2 &&
						 valid_month(&p[0]) && valid_day(&p[1])))) {
		say_date(t, NULL, &p[0], &p[1]);
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
	while (nq < 3 && (l = tn_at_any(t, i, MINUS_CHARS)) != 0 && tn_digit(t, i + l)) {
		i = parse_part(t, i + l, &q[nq]);
		nq++;
		if (i < t->n && (t->s[i] == '.' || t->s[i] == ':') && tn_digit(t, i + 1))
			return k->end; /* 1.5-2.5, 8:00-9:30: a range */
	}
	if (sign)
		return k->end;
	if (!(t->ctx & TN_CTX_MATH) && try_date(t, q, nq, 0)) {
		*done = 1;
		return i;
	}
	if (nq == 2 && !(t->ctx & TN_CTX_MATH) &&
	    (!cjk_at(t, i, MEASURE_WORDS) || tn_at(t, i, "年")) &&
	    try_short_year_span(t, &q[0], &q[1])) {
		*done = 1;
		return i;
	}
	/* 2023-2024赛季, (1784-1846): a span of years */
	if (nq == 2 && year_like(&q[0]) && year_like(&q[1]) &&
	    part_value(&q[1]) > part_value(&q[0]) && part_value(&q[1]) - part_value(&q[0]) <= 150 &&
	    part_value(&q[1]) <= 2099 &&
	    !(t->ctx & TN_CTX_MATH) && !cjk_at(t, i, MEASURE_WORDS) && !cjk_at(t, i, MONEY_WORDS)) {
		say_digits(t, &q[0], 0);
		tn_put(t, "到");
		say_digits(t, &q[1], 0);
		*done = 1;
		return i;
	}
	if (nq >= 2 && ((q[0].lead0 && q[0].nd >= 3) || (nq == 3 && q[0].nd >= 3 && q[1].nd >= 3) ||
			q[nq - 1].nd >= 7)) {
		for (int j = 0; j < nq; j++)
			say_digits(t, &q[j], 1);
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

	parse_tok(t, i, &k);
	if (k.p[0].nd >= MAXD) {
		/* a run too long for any figure: digit by digit */
		e = i;
		while (tn_digit(t, e)) {
			tn_putn(t, (const char *[]){"零", "一", "二", "三", "四", "五", "六", "七",
						    "八", "九"}[t->s[e] - '0'],
				3);
			e++;
		}
		tn_note(t, i, e - i, "long digit run read digit by digit");
		t->num_small_int = 0;
		return e;
	}
	switch (k.sep) {
	case ':':
		if (sign == '-')
			tn_put(t, "负");
		return say_colon(t, &k);
	case '/':
		return say_slash(t, &k, sign);
	case 'm':
		return say_middle_dot(t, &k);
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

/* ---- money written with a sign or code in front ------------------------- */

static size_t currency_at(const struct tn *t, size_t i, const char **say)
{
	const struct currency *c;

	for (c = CURRENCIES; c->w; c++) {
		size_t l = tn_at(t, i, c->w), j;

		if (!l)
			continue;
		j = i + l;
		if (j < t->n && t->s[j] == ' ')
			j++;
		if (!tn_digit(t, j))
			continue;
		*say = c->say;
		return j - i;
	}
	return 0;
}

static size_t do_money(struct tn *t, size_t i, size_t l, const char *say)
{
	struct tok k;
	size_t e, m;
	parse_tok(t, i + l, &k);
	e = k.end;
	if (k.sep == '.' && k.np == 2) {
		if (!t->err)
			t->err = tn_say_decimal(t->out, k.p[0].d, k.p[0].nd, k.p[1].d, k.p[1].nd,
						TN_LIANG_LEAD, 1);
	} else {
		if (k.sep)
			e = k.p[0].pos + k.p[0].nd; /* only the first part is the amount */
		say_cardinal(t, &k.p[0], TN_LIANG_LEAD | TN_LIANG);
		if (k.p[0].nd >= MAXD)
			e = skip_number(t, i + l);
	}
	if ((m = tn_at_any(t, e, MAGNITUDES)) != 0) {
		tn_putn(t, t->s + e, m);
		e += m;
	}
	tn_put(t, say);
	t->num_small_int = 0;
	return e;
}

/* ---- Latin words, URLs, e-mail -------------------------------------------- */

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
			tn_putn(t, (const char *[]){"零", "一", "二", "三", "四", "五", "六", "七",
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

static size_t do_latin(struct tn *t, size_t i)
{
	size_t j = i, e, l;
	const char *say;

	if (tn_at(t, i, "http://") || tn_at(t, i, "https://") || tn_at(t, i, "www."))
		return do_url(t, i, url_end(t, i));
	if (looks_like_email(t, i, &e))
		return do_url(t, i, e);
	if ((i == 0 || !tn_alpha(t, i - 1)) && (l = currency_at(t, i, &say)) != 0 &&
	    (tn_alpha(t, i + 1) || t->s[i + 1] == '$'))
		return do_money(t, i, l, say);
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

		parse_tok(t, j, &k);
		if (k.sep == '.' && k.np == 2) {
			if (!t->err)
				t->err = tn_say_decimal(t->out, k.p[0].d, k.p[0].nd, k.p[1].d,
							k.p[1].nd, 0, 0);
			return k.end;
		}
		if (k.sep == '.' && k.p[0].nd < MAXD)
			return say_version(t, &k);
		if (k.p[0].nd <= 2 && !k.p[0].lead0)
			say_cardinal(t, &k.p[0], 0);
		else
			say_digits(t, &k.p[0], 0);
		return k.p[0].pos + (k.p[0].nd < MAXD ? k.p[0].nd : 0) +
		       (k.p[0].nd < MAXD ? 0 : skip_number(t, j) - j);
	}
	return j;
}

/* ---- the scan ------------------------------------------------------------- */

/* Whether a number (maybe signed) starts at i. */
static int number_follows(const struct tn *t, size_t i)
{
	i = skip_spaces(t, i);
	if (tn_digit(t, i))
		return 1;
	return tn_at_any(t, i, MINUS_CHARS) && tn_digit(t, i + 1);
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
		      tn_at(t, j, "°") || tn_at(t, j, "℃") || tn_at(t, j, "²") ||
		      tn_at(t, j, "‰")))
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

static size_t drop_symbols(struct tn *t, size_t i)
{
	const unsigned char *p = (const unsigned char *)t->s + i;
	size_t l = tn_cp_len(t, i);
	int drop = 0;

	if (l == 4 && p[0] == 0xF0 && p[1] == 0x9F)
		drop = 1; /* emoji and pictographs */
	else if (l == 3 && p[0] == 0xE2 && (p[1] == 0x98 || p[1] == 0x9C || p[1] == 0x9D ||
					     p[1] == 0x9E))
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

/* Operators between two numbers: 加, 等于, 小于等于 ... */
static size_t do_operator(struct tn *t, size_t i)
{
	static const struct {
		const char *w, *say;
	} OPS[] = {{"<=", "小于等于"}, {">=", "大于等于"}, {"≤", "小于等于"}, {"≥", "大于等于"},
		   {"≠", "不等于"},    {"=", "等于"},	    {"+", "加"},	 {"<", "小于"},
		   {">", "大于"},      {"×", "乘"},	    {"÷", "除以"},	 {NULL, NULL}};

	for (int k = 0; OPS[k].w; k++) {
		size_t l = tn_at(t, i, OPS[k].w);
		/* a comparison may open a figure (≥100万); the rest join two */
		int alone = k <= 4 || k >= 7;

		if (l && number_follows(t, i + l) && (after_number(t, i) || (alone && k <= 8))) {
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
	if (c == '.' && tn_digit(t, i + 1) && !tn_digit(t, i - (i > 0)) && !tn_alpha(t, i - (i > 0))) {
		/* .22 */
		struct part ip = {.nd = 0}, fp;
		struct num x = {.ip = &ip, .fp = &fp, .sign = 0, .start = i};

		x.end = parse_part(t, i + 1, &fp);
		if (fp.nd >= MAXD)
			return i + 1;
		t->num_end = say_plain(t, &x);
		return t->num_end;
	}
	if ((l = tn_at_any(t, i, RANGE_CHARS)) != 0 && near_number(t, i) && number_follows(t, i + l)) {
		int minus = tn_at_any(t, i, MINUS_CHARS) != 0;

		if (minus && (t->ctx & TN_CTX_MATH))
			tn_put(t, "减");
		else if (minus && (t->ctx & TN_CTX_SPORT) && t->num_small_int)
			tn_put(t, "比");
		else
			tn_put(t, "到");
		return i + l;
	}
	if ((l = tn_at_any(t, i, MINUS_CHARS)) != 0 && !tn_alpha(t, i - (i > 0)) &&
	    !tn_digit(t, i - (i > 0))) {
		size_t j = i + l;

		while (tn_digit(t, j))
			j++;
		/* 歼-20, 钴-56: after a word, a dash joins a label; the number is not
		 * negative unless it is a temperature or percentage or a word
		 * that takes a value comes before */
		if (tn_digit(t, i + l) && i > 0 && tn_cjk(t, tn_cp_prev(t, i)) &&
		    !tn_ends_with_any(t, i, NEG_BEFORE)) {
			size_t u = skip_number(t, i + l), ul;
			const struct unit *un = unit_at(t, u, &ul);

			if (!(un && un->temp) && !tn_at(t, u, "%") && !tn_at(t, u, "度"))
				return i + l; /* the dash is not read */
		}
		/* 丁-2-炔: a dash-joined label, not a negative number */
		if (tn_digit(t, i + l) && !(tn_at_any(t, j, MINUS_CHARS) && !tn_digit(t, j + 1) &&
					    !tn_at(t, j + 1, "百分之"))) {
			t->num_end = do_number(t, i + l, '-');
			return t->num_end;
		}
		if (tn_at(t, i + l, "百分之") || (l == 1 && t->s[i] == '-' &&
						   (l = currency_at(t, i + 1, &say)) != 0)) {
			tn_put(t, "负");
			return i + 1;
		}
	}
	if ((l = tn_at(t, i, "±")) != 0 && number_follows(t, i + l)) {
		tn_put(t, "正负");
		return i + l;
	}
	if (c == '+' && !after_number(t, i) && tn_digit(t, i + 1)) {
		/* +86 139...: a country code, the plus is not read */
		size_t j = i + 1;

		while (tn_digit(t, j))
			j++;
		if (j - i <= 4 && j < t->n && (t->s[j] == ' ' || t->s[j] == '-') &&
		    tn_digit(t, j + 1)) {
			for (size_t k = i + 1; k < j; k++)
				tn_putn(t, (const char *[]){"零", "一", "二", "三", "四", "五", "六",
							    "七", "八", "九"}[t->s[k] - '0'],
					3);
			return j + 1;
		}
		t->num_end = do_number(t, i + 1, '+');
		return t->num_end;
	}
	if ((l = do_operator(t, i)) != 0)
		return i + l;
	/* 工会+法院: a plus joining words is read 加 */
	if (c == '+' && i > 0 && tn_cjk(t, tn_cp_prev(t, i)) && tn_cjk(t, i + 1)) {
		tn_put(t, "加");
		return i + 1;
	}
	if ((c == '$' || c >= 0x80) && (l = currency_at(t, i, &say)) != 0) {
		t->num_end = do_money(t, i, l, say);
		return t->num_end;
	}
	if (tn_alpha(t, i)) {
		size_t e = do_latin(t, i);

		if (e > i && tn_digit(t, e - 1))
			t->num_end = e;
		return e > i ? e : i + 1;
	}
	if (c >= 0x80) {
		if ((l = drop_symbols(t, i)) != 0)
			return i + l;
		if ((l = tn_at(t, i, "○")) != 0 || (l = tn_at(t, i, "〇")) != 0) {
			tn_put(t, "零");
			return i + l;
		}
		l = tn_cp_len(t, i);
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
	tn_putn(t, t->s + i, 1);
	return i + 1;
}

/* Bytes that never start anything the scanner reads: copied as they are. */
static int plain_byte(unsigned char c)
{
	if (c < 0x80)
		return !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			 (c >= 'A' && c <= 'Z') || strchr(".-+$~=<>@&", (int)c));
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
