/*
 * The features of one line (layout/feat.h): each pattern on lines it must and must not
 * match, with the built-in hints.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "layout/feat.h"

#include <string.h>

static struct layout_hints hints;

static int setup(void **state)
{
	(void)state;
	return hints_init(&hints, NULL);
}

static int teardown(void **state)
{
	(void)state;
	hints_release(&hints);
	return 0;
}

static struct feat feat_of(const char *s)
{
	struct feat f;

	feat_compute(s, strlen(s), &hints, &f);
	return f;
}

static void test_dates_and_editions(void **state)
{
	(void)state;
	assert_true(feat_of("2024年1月5日 星期五").date);
	assert_true(feat_of("2024年1月5日 星期五").weekday);
	assert_true(feat_of("2024.01.05 周五").date);
	assert_true(feat_of("2024.01.05 周五").weekday);
	assert_true(feat_of("二〇二四年一月五日").date);
	assert_true(feat_of("1月14日 周日").date);
	assert_true(feat_of("农历甲辰年正月廿八").lunar);
	assert_true(feat_of("第2版").edition);
	assert_true(feat_of("A06").edition);
	assert_true(feat_of("要闻第十二版").edition);
	assert_true(feat_of("第27593期").issue);
	assert_true(feat_of("国内统一连续出版物号 CN11-0001").issue);
	assert_true(feat_of("8").page_no);
	/* words that only look like them */
	assert_false(feat_of("本周五起地铁延长运营").weekday);
	assert_false(feat_of("C919大飞机首航").edition);
	assert_false(feat_of("第二批名单公布").edition);
	assert_false(feat_of("2024年").date);
	/* a sentence is never furniture evidence */
	assert_false(feat_of("2024年1月5日,全市职工运动会开幕。").date);
}

static void test_footers(void **state)
{
	(void)state;
	assert_true(feat_of("责任编辑:张卫东 校对:李红").staff);
	assert_true(feat_of("编辑 卢晓 美编 陈冬").staff);
	assert_true(feat_of("新闻热线:96128").contact);
	assert_true(feat_of("本版邮箱:a@b.example.cn").contact);
	assert_false(feat_of("编辑部的故事").staff);
	assert_false(feat_of("发行量稳步提升").contact);
}

static void test_credits_and_bylines(void **state)
{
	const char *cap = "1月4日,市民在南湖公园赏梅。 记者 陈晓 摄";
	size_t off;

	(void)state;
	assert_true(feat_of("本报通讯员 肖本祥 摄").credit);
	assert_true(feat_of("图/本报记者 苏晴").credit);
	assert_true(feat_of("视觉中国供图").credit);
	assert_true(feat_of("新华社发").credit);
	assert_true(feat_of("图片由受访者提供").credit);
	assert_false(feat_of("示意图").credit);
	assert_false(feat_of("新华社发布消息").credit);
	off = feat_credit_tail(cap, strlen(cap), &hints);
	assert_true(off > 0);
	assert_string_equal(cap + off, "记者 陈晓 摄");
	assert_int_equal(feat_credit_tail("他说。 好的", strlen("他说。 好的"), &hints), 0);
	assert_true(feat_of("本报记者 周明远 本报通讯员 杨秀梅").byline);
	assert_true(feat_of("(记者 苏禾)").byline);
	assert_true(feat_of("(记者 苏禾)").signature);
	assert_true(feat_of("(作者系江川大学教授)").byline);
	assert_false(feat_of("(作者系江川大学教授)").signature);
	assert_true(feat_of("文/图 本报记者 柳青").byline);
	assert_false(feat_of("记者:大学毕业后为什么回乡?").byline);
	/* a listed column label that starts like a role is a label (roles.c asks first) */
	assert_true(feat_of("评论员文章").label_word);
}

static void test_datelines(void **state)
{
	static const struct {
		const char *line, *dateline;
	} cases[] = {
	        {"本报讯(记者林晓峰)11月3日,江川", "本报讯(记者林晓峰)"},
	        {"本报讯 (记者 邓雨) 1月10日,开课", "本报讯 (记者 邓雨) "},
	        {"南都讯 记者 宋小雨 通讯员 黄岚 1月8日,地铁", "南都讯 记者 宋小雨 通讯员 黄岚 "},
	        {"新华社北京3月7日电(记者 王丽萍)眼下", "新华社北京3月7日电(记者 王丽萍)"},
	        {"据新华社电 德国火车司机工会罢工", "据新华社电 "},
	        {"中新网1月4日电 记者 张某 近日", "中新网1月4日电 记者 张某 "},
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		size_t n = feat_dateline_len(cases[i].line, strlen(cases[i].line), &hints);

		assert_int_equal(n, strlen(cases[i].dateline));
	}
	/* a word ending in 讯 glued to text is not a dateline */
	assert_int_equal(feat_dateline_len("通讯录更新了", strlen("通讯录更新了"), &hints), 0);
	assert_int_equal(
	        feat_dateline_len("喜讯传来,全厂欢腾", strlen("喜讯传来,全厂欢腾"), &hints), 0);
}

static void test_jumps(void **state)
{
	static const char *const notes[] = {"(下转第四版)", "(上接第一版)", "(转A03版)",
	                                    "(转第2版)", "详见第5版"};
	const char *mid = "推动投资增长8%以上(下转第四版)";
	size_t i, a, b;

	(void)state;
	for (i = 0; i < sizeof(notes) / sizeof(notes[0]); i++) {
		assert_true(feat_find_jump(notes[i], strlen(notes[i]), 0, &a, &b));
		assert_int_equal(a, 0);
		assert_int_equal(b, strlen(notes[i]));
	}
	assert_true(feat_find_jump(mid, strlen(mid), 0, &a, &b));
	assert_string_equal(mid + a, "(下转第四版)");
	/* running text with the same words */
	assert_false(feat_find_jump("文章转载自第二季度报告", strlen("文章转载自第二季度报告"), 0,
	                            &a, &b));
	assert_false(feat_find_jump("接第3批订单后开工", strlen("接第3批订单后开工"), 0, &a, &b));
}

static void test_marks(void **state)
{
	char key[64];

	(void)state;
	assert_true(feat_of("■南湖隧道夜间封闭施工").bullet_len > 0);
	assert_true(feat_of("●市儿童医院新院区开诊。").bullet_len > 0);
	assert_true(feat_of("▲1月19日,游客在雪场。").caption);
	assert_true(feat_of("图为志愿者在车站服务。").caption);
	assert_int_equal(feat_of("图为志愿者在车站服务。").caption_len, 0);
	assert_int_equal(feat_of("上图:市民在游览。").caption_len, strlen("上图:"));
	assert_true(feat_of("【来信】").bracketed);
	assert_true(feat_of("【德国铁路工人罢工】据新华社电 罢工开始").item_title_len > 0);
	assert_true(feat_of("编者按:本期请来一位飞手。").mark_len > 0);
	assert_int_equal(feat_of("核心阅读").box_hint, FEAT_BOX_SUMMARY);
	assert_int_equal(feat_of("记者手记").box_hint, FEAT_BOX_ASIDE);
	assert_int_equal(feat_of("政策链接").box_hint, FEAT_BOX_SUFFIX);
	assert_true(feat_of("短 评").letter_spaced);
	assert_true(feat_of("短 评").label_word);
	assert_true(feat_of("城事简讯").briefs_hint);
	assert_true(feat_of("记者:现在的规模有多大?").turn);
	assert_true(feat_of("一、劳动关系认定需要更清晰").number_len > 0);
	assert_true(feat_of("(二)原有的钢窗锈蚀严重;").number_len > 0);
	assert_true(feat_of("3. 严格执行").number_len > 0);
	assert_false(feat_of("一座老厂房").number_len > 0);
	assert_int_equal(feat_key("【 来信 】", strlen("【 来信 】"), key, sizeof(key)),
	                 strlen("来信"));
	assert_string_equal(key, "来信");
	feat_key("要 闻", strlen("要 闻"), key, sizeof(key));
	assert_string_equal(key, "要闻");
	assert_true(feat_header_prefix("江川晚报 2024年1月20日 星期六 A08 “我小时候”",
	                               strlen("江川晚报 2024年1月20日 星期六 A08 “我小时候”"),
	                               &hints) > 0);
	assert_int_equal(feat_header_prefix("2024年是关键一年", strlen("2024年是关键一年"), &hints),
	                 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_dates_and_editions),
	        cmocka_unit_test(test_footers),
	        cmocka_unit_test(test_credits_and_bylines),
	        cmocka_unit_test(test_datelines),
	        cmocka_unit_test(test_jumps),
	        cmocka_unit_test(test_marks),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
