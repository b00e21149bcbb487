/* Word lists, units and currencies for the normalizer (see tn_lex.h). */
#include "text/tn_lex.h"

#include "text/tn_num.h"

#include <string.h>

const char *const tn_range_chars[] = {"~", "～", "〜", "-", "－", "–", "—", "−", NULL};

const char *const tn_minus_chars[] = {"-", "－", "−", NULL};

const char *const tn_measure_words[] = {
        "个",   "位",   "名",   "人",   "种",   "条", "项", "件",   "次",   "天",   "年",   "岁",
        "倍",   "家",   "座",   "辆",   "台",   "套", "份", "只",   "张",   "本",   "部",   "场",
        "架",   "艘",   "双",   "对",   "块",   "元", "角", "毛",   "分钟", "小时", "周",   "星期",
        "层",   "所",   "支",   "批",   "组",   "类", "轮", "届",   "枚",   "颗",   "粒",   "吨",
        "米",   "公里", "千米", "公斤", "千克", "克", "斤", "亿",   "万",   "千",   "百",   "节",
        "段",   "首",   "篇",   "句",   "笔",   "户", "间", "声",   "步",   "根",   "头",   "匹",
        "棵",   "株",   "片",   "包",   "箱",   "瓶", "杯", "碗",   "盒",   "道",   "票",   "例",
        "栋",   "幢",   "扇",   "下",   "遍",   "趟", "番", "股",   "大",   "美元", "欧元", "英镑",
        "日元", "港元", "点",   "时",   "秒",   "亩", "折", "方面", "国",   "省",   "市",   "县",
        "地",   "队",   "成",   "期间", NULL};

const char *const tn_money_words[] = {"元",   "万元",   "亿元",   "美元",   "欧元",
                                      "英镑", "日元",   "港元",   "韩元",   "澳元",
                                      "块",   "人民币", "万美元", "亿美元", NULL};

static const struct unit UNITS[] = {
        {"°C", "摄氏度", 1},    {"℃", "摄氏度", 1},     {"°F", "华氏度", 1},
        {"℉", "华氏度", 1},     {"km²", "平方公里", 0}, {"km2", "平方公里", 0},
        {"cm²", "平方厘米", 0}, {"cm2", "平方厘米", 0}, {"mm²", "平方毫米", 0},
        {"mm2", "平方毫米", 0}, {"m²", "平方米", 0},    {"m2", "平方米", 0},
        {"㎡", "平方米", 0},    {"cm³", "立方厘米", 0}, {"cm3", "立方厘米", 0},
        {"m³", "立方米", 0},    {"m3", "立方米", 0},    {"kWh", "千瓦时", 0},
        {"kwh", "千瓦时", 0},   {"mAh", "毫安时", 0},   {"kW·h", "千瓦时", 0},
        {"MWh", "兆瓦时", 0},   {"GWh", "吉瓦时", 0},   {"TWh", "太瓦时", 0},
        {"MPa", "兆帕", 0},     {"hPa", "百帕", 0},     {"kPa", "千帕", 0},
        {"kcal", "千卡", 0},    {"kV", "千伏", 0},      {"μg", "微克", 0},
        {"ha", "公顷", 0},      {"GHz", "吉赫", 0},     {"MHz", "兆赫", 0},
        {"kHz", "千赫", 0},     {"Hz", "赫兹", 0},      {"km", "公里", 0},
        {"cm", "厘米", 0},      {"mm", "毫米", 0},      {"nm", "纳米", 0},
        {"μm", "微米", 0},      {"kg", "千克", 0},      {"mg", "毫克", 0},
        {"ms", "毫秒", 0},      {"min", "分钟", 0},     {"ml", "毫升", 0},
        {"mL", "毫升", 0},      {"kW", "千瓦", 0},      {"kw", "千瓦", 0},
        {"MW", "兆瓦", 0},      {"GW", "吉瓦", 0},      {"dB", "分贝", 0},
        {"m", "米", 0},         {"g", "克", 0},         {"t", "吨", 0},
        {"s", "秒", 0},         {"h", "小时", 0},       {"L", "升", 0},
        {"W", "瓦", 0},         {"V", "伏", 0},         {"°", "度", 0},
        {NULL, NULL, 0}};

/* Currency signs and codes written before the amount. */
struct currency {
	const char *w, *say;
};

static const struct currency CURRENCIES[] = {
        {"US$", "美元"}, {"HK$", "港元"},   {"A$", "澳元"},    {"C$", "加元"},  {"NT$", "新台币"},
        {"$", "美元"},   {"¥", "元"},       {"￥", "元"},      {"€", "欧元"},   {"£", "英镑"},
        {"₩", "韩元"},   {"₹", "卢比"},     {"₽", "卢布"},   {"USD", "美元"}, {"HKD", "港元"},
        {"AUD", "澳元"}, {"CNY", "人民币"}, {"RMB", "人民币"}, {"EUR", "欧元"}, {"GBP", "英镑"},
        {"JPY", "日元"}, {NULL, NULL}};

const char *const tn_magnitudes[] = {"万亿", "千万", "百万", "万", "亿", "千", NULL};

const char *const tn_year_nouns[] = {"赛季", "年度", "财年", "款", "版", "届", NULL};

const struct unit *tn_unit_at(const struct tn *t, size_t i, size_t *len)
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

int tn_measure_after(const struct tn *t, size_t i)
{
	size_t l;

	if (tn_at(t, i, "分之"))
		return 0;
	if (tn_at_any(t, i, tn_measure_words))
		return 1;
	return tn_unit_at(t, i, &l) != NULL && !tn_unit_at(t, i, &l)->temp;
}

size_t tn_currency_at(const struct tn *t, size_t i, const char **say)
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

size_t tn_read_money(struct tn *t, size_t i, size_t l, const char *say)
{
	struct tok k;
	size_t e, m;
	tn_parse_tok(t, i + l, &k);
	e = k.end;
	if (k.sep == '.' && k.np == 2) {
		if (!t->err)
			t->err = tn_say_decimal(t->out, k.p[0].d, k.p[0].nd, k.p[1].d, k.p[1].nd,
			                        TN_LIANG_LEAD, 1);
	} else {
		if (k.sep)
			e = k.p[0].end; /* only the first part is the amount */
		tn_put_cardinal(t, &k.p[0], TN_LIANG_LEAD | TN_LIANG);
	}
	if ((m = tn_at_any(t, e, tn_magnitudes)) != 0) {
		tn_putn(t, t->s + e, m);
		e += m;
	}
	tn_put(t, say);
	t->num_small_int = 0;
	return e;
}
