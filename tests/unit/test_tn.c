/* Unit tests for text normalization (src/text/tn*.c), one group per category. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "text/tn.h"
#include "text/tn_num.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct tcase {
	const char *in, *want;
};

static void check_one(const char *in, size_t len, const char *want)
{
	struct buf out = BUF_INIT, notes = BUF_INIT;

	assert_int_equal(tn_normalize(in, len, &out, &notes), 0);
	if (strcmp(buf_cstr(&out), want) != 0)
		fprintf(stderr, "  input: %s\n   want: %s\n    got: %s\n", in, want,
		        buf_cstr(&out));
	assert_string_equal(buf_cstr(&out), want);
	buf_release(&out);
	buf_release(&notes);
}

static void check_table(const struct tcase *c, size_t n)
{
	for (size_t i = 0; i < n; i++)
		check_one(c[i].in, strlen(c[i].in), c[i].want);
}

#define CHECK(table) check_table(table, sizeof(table) / sizeof(table[0]))

static void test_cardinals(void **state)
{
	static const struct tcase c[] = {
	        {"0", "零"},
	        {"10", "十"},
	        {"15", "十五"},
	        {"110", "一百一十"},
	        {"1010", "一千零一十"},
	        {"20008", "两万零八"},
	        {"100000001", "一亿零一"},
	        {"100001000", "一亿零一千"},
	        {"10001000", "一千万一千"},
	        {"1300000000000", "一万三千亿"},
	        {"他们种了1,234,567棵树", "他们种了一百二十三万四千五百六十七棵树"},
	        {"列表1,2,3", "列表一,二,三"},
	        {"约有12000人", "约有一万两千人"},
	        {"人均200", "人均二百"},
	        {"超过2000人", "超过两千人"},
	        {"资产达2亿", "资产达两亿"},
	        {"共120余人报名", "共一百二十余人报名"},
	        {"近30万项", "近三十万项"},
	        {"4000余辆车", "四千余辆车"},
	        {"1万余册", "一万余册"},
	        {"增加了3倍", "增加了三倍"},
	};
	(void)state;
	CHECK(c);
}

static void test_liang_vs_er(void **state)
{
	static const struct tcase c[] = {
	        {"买了2个", "买了两个"}, {"2年后", "两年后"},     {"2公里", "两公里"},
	        {"第2名", "第二名"},     {"2月", "二月"},         {"2号楼", "二号楼"},
	        {"2楼大厅", "二楼大厅"}, {"凌晨2点", "凌晨两点"}, {"2.5倍", "二点五倍"},
	        {"2~3个", "两到三个"},   {"12个", "十二个"},      {"22万", "二十二万"},
	        {"2两茶叶", "二两茶叶"}, {"重2kg", "重两千克"},
	};
	(void)state;
	CHECK(c);
}

static void test_decimals_and_signs(void **state)
{
	static const struct tcase c[] = {
	        {"1.2万人", "一点二万人"},
	        {"共7250.06万元", "共七千二百五十点零六万元"},
	        {"增长0.50", "增长零点五零"},
	        {"余额36.00元", "余额三十六元"},
	        {"售价14.50元", "售价十四点五元"},
	        {"口径.38的", "口径零点三八的"},
	        {"温差为-3", "温差为负三"},
	        {"歼-20战机", "歼二十战机"},
	        {"钴-60", "钴六十"},
	        {"负15.5元", "负十五点五元"},
	        {"±3的", "正负三的"},
	        {"下降-0.5", "下降负零点五"},
	};
	(void)state;
	CHECK(c);
}

static void test_years_and_dates(void **state)
{
	static const struct tcase c[] = {
	        {"2021年6月18日", "二零二一年六月十八日"},
	        {"2019年国庆", "二零一九年国庆"},
	        {"1998年", "一九九八年"},
	        {"近2000年的历史", "近两千年的历史"},
	        {"有1000年", "有一千年"},
	        {"2000多年", "两千多年"},
	        {"20年后", "二十年后"},
	        {"05年", "零五年"},
	        {"97年7月", "九七年七月"},
	        {"80年代", "八十年代"},
	        {"1980年代", "一九八零年代"},
	        {"21世纪", "二十一世纪"},
	        {"公元前221年", "公元前二二一年"},
	        {"9月12号", "九月十二号"},
	        {"2021-06-18", "二零二一年六月十八日"},
	        {"2021/6/18", "二零二一年六月十八日"},
	        {"2021.06.18", "二零二一年六月十八日"},
	        {"06-18", "六月十八日"},
	        {"2021.06", "二零二一年六月"},
	        {"3·15晚会", "三一五晚会"},
	        {"2016·7·20", "二零一六年七月二十日"},
	        {"2021-2023年", "二零二一到二零二三年"},
	        {"2016/17赛季", "二零一六到一七赛季"},
	        {"1989-90年", "一九八九到九零年"},
	        {"（1721-1789）", "（一七二一到一七八九）"},
	        {"2022-2023赛季", "二零二二到二零二三赛季"},
	        {"3月5日-8日", "三月五日到八日"},
	        {"1-3月", "一到三月"},
	        {"95后", "九五后"},
	        /* 12.30 is a date only where the sentence is about dates */
	        {"定于12.30举行，12月20日报名截止", "定于十二月三十日举行，十二月二十日报名截止"},
	        {"12月1日起，价格为12.30", "十二月一日起，价格为十二点三零"},
	        {"价格为12.30", "价格为十二点三零"},
	        {"12月1日统计，增长3.15", "十二月一日统计，增长三点一五"},
	};
	(void)state;
	CHECK(c);
}

static void test_times_and_scores(void **state)
{
	static const struct tcase c[] = {
	        {"14:30", "十四点三十分"},
	        {"8:05开始", "八点零五分开始"},
	        {"9:00出发", "九点出发"},
	        {"2:15", "两点十五分"},
	        {"06:07:08", "六点零七分零八秒"},
	        {"7:30 a.m.集合", "上午七点三十分集合"},
	        {"9:45pm", "下午九点四十五分"},
	        {"9:00-11:30", "九点到十一点三十分"},
	        {"上午10点15分", "上午十点十五分"},
	        {"比例为3:1", "比例为三比一"},
	        {"以3:1获胜", "以三比一获胜"},
	        {"决赛中2∶0领先", "决赛中二比零领先"},
	        {"主场95:88战胜对手", "主场九十五比八十八战胜对手"},
	        {"决赛将于19:30开始", "决赛将于十九点三十分开始"},
	        {"技能比赛14:30在礼堂颁奖", "技能比赛十四点三十分在礼堂颁奖"},
	        {"海拔-154米", "海拔负一百五十四米"},
	        {"比赛中队伍1-0领先", "比赛中队伍一比零领先"},
	};
	(void)state;
	CHECK(c);
}

static void test_percent_fraction_math(void **state)
{
	static const struct tcase c[] = {
	        {"从40%提高到70%", "从百分之四十提高到百分之七十"},
	        {"0.5%", "百分之零点五"},
	        {"-2%", "负百分之二"},
	        {"3‰", "千分之三"},
	        {"10%~20%", "百分之十到百分之二十"},
	        {"10~20%", "百分之十到百分之二十"},
	        {"3/4的人", "四分之三的人"},
	        {"1 / 3", "三分之一"},
	        {"2又1/2", "二又二分之一"},
	        {"3+4=7", "三加四等于七"},
	        {"5-2=3", "五减二等于三"},
	        {"x≥10", "x大于等于十"},
	        {"7×24小时", "七乘二十四小时"},
	        /* a fraction before a noun, also in a match report; X/Y alone there is a score */
	        {"进入1/4决赛", "进入四分之一决赛"},
	        {"1/8决赛中以2/1获胜", "八分之一决赛中以二比一获胜"},
	        {"决赛比分2/1", "决赛比分二比一"},
	        {"占总数的1/3以上", "占总数的三分之一以上"},
	        /* a plus between numbers and letters, or after a count, is 加 */
	        {"1+N模式", "一加N模式"},
	        {"N+1", "N加一"},
	        {"5G+工业互联网", "五G加工业互联网"},
	        {"阅读量10万+", "阅读量十万加"},
	        {"阅读量10万+。", "阅读量十万加。"},
	        {"18+", "十八加"},
	        {"C++语言", "C++语言"},
	        /* × in dimensions keeps 二 before the unit, and joins figures with units */
	        {"2×2米", "二乘二米"},
	        {"长宽高为3×2×1米", "长宽高为三乘二乘一米"},
	        {"2米×3米", "两米乘三米"},
	        {"百分之5", "百分之五"},
	        {"-百分之5", "负百分之五"},
	};
	(void)state;
	CHECK(c);
}

static void test_ranges(void **state)
{
	static const struct tcase c[] = {
	        {"420元~880元", "四百二十元到八百八十元"},
	        {"5-10人", "五到十人"},
	        {"3至5年", "三至五年"},
	        {"1.5-2.5万", "一点五到二点五万"},
	        {"-5℃~3℃", "零下五摄氏度到三摄氏度"},
	        {"-5~3℃", "零下五到三摄氏度"},
	        {"12~23", "十二到二十三"},
	};
	(void)state;
	CHECK(c);
}

static void test_money_and_units(void **state)
{
	static const struct tcase c[] = {
	        {"$20", "二十美元"},
	        {"$2", "两美元"},
	        {"$1.5万", "一点五万美元"},
	        {"¥30", "三十元"},
	        {"€8.50", "八点五欧元"},
	        {"£100", "一百英镑"},
	        {"HK$50", "五十港元"},
	        {"USD 12", "十二美元"},
	        {"1200元/月", "每月一千二百元"},
	        {"60km/h", "每小时六十公里"},
	        {"3m/s", "每秒三米"},
	        /* compound units after a slash */
	        {"密度1.2g/cm3", "密度每立方厘米一点二克"},
	        {"0.5毫克/升", "每升零点五毫克"},
	        {"500毫升/瓶", "每瓶五百毫升"},
	        {"20元/平方厘米", "每平方厘米二十元"},
	        {"-8℃", "零下八摄氏度"},
	        {"-8°C", "零下八摄氏度"},
	        {"30°C", "三十摄氏度"},
	        {"90m2", "九十平方米"},
	        {"90m²", "九十平方米"},
	        {"5 kg", "五千克"},
	        {"180cm", "一百八十厘米"},
	        {"15ms", "十五毫秒"},
	        {"500w次", "五百万次"},
	        {"8块5", "八块五"},
	        {"500kV线路", "五百千伏线路"},
	        {"发电80亿kW·h", "发电八十亿千瓦时"},
	        {"65W快充", "六十五瓦快充"},
	};
	(void)state;
	CHECK(c);
}

static void test_identifiers(void **state)
{
	static const struct tcase c[] = {
	        {"第12期", "第十二期"},
	        {"6号仓库", "六号仓库"},
	        {"8号楼3楼", "八号楼三楼"},
	        {"5G网络", "五G网络"},
	        {"G20峰会", "G二十峰会"},
	        {"A320客机", "A三二零客机"},
	        {"PM2.5浓度", "PM二点五浓度"},
	        {"COVID-19", "COVID-十九"},
	        {"GDP增长", "GDP增长"},
	        {"拨打12345热线", "拨打幺二三四五热线"},
	        {"手机号15912345678", "手机号幺五九幺二三四五六七八"},
	        {"13712345678", "幺三七幺二三四五六七八"},
	        {"电话010-12345678", "电话零幺零幺二三四五六七八"},
	        {"400-123-4567", "四零零幺二三四五六七"},
	        {"请按1", "请按一"},
	        {"编号31415", "编号三一四一五"},
	        {"某公司（600123）", "某公司（六零零一二三）"},
	        {"211工程", "二一一工程"},
	        {"10.0.0.1", "一零点零点零点一"},
	        {"版本3.10.2", "版本三点十点二"},
	        {"B2B", "B to B"},
	        {"喜欢nba", "喜欢NBA"},
	        {"iPad Pro", "iPad Pro"},
	};
	(void)state;
	CHECK(c);
}

static void test_symbols_and_addresses(void **state)
{
	static const struct tcase c[] = {
	        {"访问www.example.com", "访问www点example点com"},
	        {"见https://example.org/a1", "见example点org斜杠a一"},
	        {"写信给news@example.cn", "写信给news艾特example点cn"},
	        {"好\xF0\x9F\x98\x80", "好"},
	        {"\xE2\x98\x85重要", "重要"},
	        {"二○二三年", "二零二三年"},
	        {"工会+法院", "工会加法院"},
	};
	(void)state;
	CHECK(c);
}

/* Odd bytes never crash, never read past the end, never vanish. */
static void test_odd_input(void **state)
{
	static const char *const odd[] = {"",      "\xff\xfe", "12\xe4", "\xe4\xb8", "1,",
	                                  "1.",    "1:",       "-",      "$",        "3/",
	                                  "2023-", "·5",       "\xc2",   "第"};
	struct buf out = BUF_INIT;
	(void)state;

	for (size_t i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		size_t n = strlen(odd[i]);
		char *p = malloc(n ? n : 1);

		assert_non_null(p);
		memcpy(p, odd[i], n);
		buf_reset(&out);
		assert_int_equal(tn_normalize(p, n, &out, NULL), 0);
		free(p);
	}
	/* a NUL inside the sentence is copied, not a terminator */
	buf_reset(&out);
	assert_int_equal(tn_normalize("a\0b", 3, &out, NULL), 0);
	assert_int_equal(out.len, 3);
	/* an unknown byte passes through */
	check_one("x\xff"
	          "y",
	          3,
	          "x\xff"
	          "y");
	/* a very long digit run is read digit by digit and noted */
	{
		char run[101];
		struct buf notes = BUF_INIT;

		memset(run, '7', 100);
		run[100] = 0;
		buf_reset(&out);
		assert_int_equal(tn_normalize(run, 100, &out, &notes), 0);
		assert_int_equal(out.len, 300);
		assert_non_null(strstr(buf_cstr(&notes), "digit by digit"));
		buf_release(&notes);
	}
	buf_release(&out);
}

/* What passes through without a reading is reported, one line each. */
static void test_notes(void **state)
{
	struct buf out = BUF_INIT, notes = BUF_INIT;
	const char *in = "雪の花#\xF0\x9F\x98\x80";
	(void)state;

	assert_int_equal(tn_normalize(in, strlen(in), &out, &notes), 0);
	assert_string_equal(buf_cstr(&out), "雪の花#");
	assert_non_null(strstr(buf_cstr(&notes), "kana or hangul"));
	assert_non_null(strstr(buf_cstr(&notes), "symbol passed through"));
	assert_non_null(strstr(buf_cstr(&notes), "symbol not spoken"));
	buf_release(&out);
	buf_release(&notes);
}

static void test_number_words(void **state)
{
	struct buf b = BUF_INIT;
	(void)state;

	assert_int_equal(tn_say_digits(&b, "1024", 4, 1), 0);
	assert_string_equal(buf_cstr(&b), "幺零二四");
	buf_reset(&b);
	assert_int_equal(tn_say_decimal(&b, "3", 1, "140", 3, 0, 1), 0);
	assert_string_equal(buf_cstr(&b), "三点一四");
	buf_reset(&b);
	assert_int_equal(tn_say_cardinal(&b, "2000", 4, 0), 0);
	assert_string_equal(buf_cstr(&b), "二千");
	assert_int_equal(tn_digits_value("0042", 4), 42);
	buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_cardinals),
	        cmocka_unit_test(test_liang_vs_er),
	        cmocka_unit_test(test_decimals_and_signs),
	        cmocka_unit_test(test_years_and_dates),
	        cmocka_unit_test(test_times_and_scores),
	        cmocka_unit_test(test_percent_fraction_math),
	        cmocka_unit_test(test_ranges),
	        cmocka_unit_test(test_money_and_units),
	        cmocka_unit_test(test_identifiers),
	        cmocka_unit_test(test_symbols_and_addresses),
	        cmocka_unit_test(test_odd_input),
	        cmocka_unit_test(test_notes),
	        cmocka_unit_test(test_number_words),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
