/*
 * Layout hints (layout/hints.h): the built-in file loads; a user's file adds words with
 * every separator the docs promise; errors name the file and line; matching by whole word,
 * prefix, suffix, containment and furniture pattern.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "layout/hints.h"

#include <string.h>

static int has(const struct layout_hints *h, enum hint_list l, const char *w)
{
	return hints_has(h, l, w, strlen(w));
}

static void test_builtin(void **state)
{
	struct layout_hints h;

	(void)state;
	assert_int_equal(hints_init(&h, NULL), 0);
	assert_true(has(&h, HINT_SUMMARY, "编者按"));
	assert_true(has(&h, HINT_ASIDE, "记者手记"));
	assert_false(has(&h, HINT_SUMMARY, "记者手记"));
	assert_true(has(&h, HINT_LABEL, "评论员文章"));
	assert_string_equal(h.briefs_title, "简讯");
	assert_int_equal(h.read_bylines, 0);
	hints_release(&h);
}

static void test_user_words(void **state)
{
	static const char text[] = "\xEF\xBB\xBF# a paper's own words\n"
	                           "aside = 法官说法，专家提醒、 医生叮嘱 # three separators\n"
	                           "aside = 读者来信\n"
	                           "furniture = 本报地址*\n"
	                           "briefs_title = 快讯\n"
	                           "read_bylines = yes\n";
	struct layout_hints h;
	struct tb_err err;

	(void)state;
	assert_int_equal(hints_init(&h, NULL), 0);
	assert_int_equal(hints_load_text(&h, text, strlen(text), "x.hints", &err), 0);
	assert_true(has(&h, HINT_ASIDE, "法官说法"));
	assert_true(has(&h, HINT_ASIDE, "专家提醒"));
	assert_true(has(&h, HINT_ASIDE, "医生叮嘱"));
	assert_true(has(&h, HINT_ASIDE, "读者来信"));
	assert_true(has(&h, HINT_ASIDE, "记者手记")); /* the built-in words stay */
	assert_true(hints_furniture(&h, "本报地址:江川市人民路1号",
	                            strlen("本报地址:江川市人民路1号")));
	assert_false(hints_furniture(&h, "地址:人民路", strlen("地址:人民路")));
	assert_string_equal(h.briefs_title, "快讯");
	assert_int_equal(h.read_bylines, 1);
	hints_release(&h);
}

static void test_matching(void **state)
{
	struct layout_hints h;

	(void)state;
	assert_int_equal(hints_init(&h, NULL), 0);
	/* the longest listed prefix and suffix */
	assert_int_equal(
	        hints_prefix(&h, HINT_BYLINE_ROLE, "本报记者 某某", strlen("本报记者 某某")),
	        strlen("本报记者"));
	assert_int_equal(hints_suffix(&h, HINT_BOX_SUFFIX, "政策链接", strlen("政策链接")),
	                 strlen("链接"));
	assert_int_equal(hints_prefix(&h, HINT_AGENCY, "工会", strlen("工会")), 0);
	assert_true(hints_within(&h, HINT_CONTACT, "欢迎拨打新闻热线", strlen("欢迎拨打新闻热线")) >
	            0);
	assert_int_equal(hints_within(&h, HINT_CONTACT, "职工书屋", strlen("职工书屋")), 0);
	hints_release(&h);
}

static void expect_error(const char *text, const char *want)
{
	struct layout_hints h;
	struct tb_err err;

	assert_int_equal(hints_init(&h, NULL), 0);
	err_clear(&err);
	assert_int_equal(hints_load_text(&h, text, strlen(text), "p.hints", &err), TB_E_USAGE);
	if (!strstr(err.msg, want))
		print_message("message: %s\n", err.msg);
	assert_non_null(strstr(err.msg, want));
	hints_release(&h);
}

static void test_errors(void **state)
{
	(void)state;
	expect_error("aside = 链接\nboxes = 背景\n", "p.hints:2: unknown key 'boxes'");
	expect_error("aside 链接\n", "p.hints:1: expected 'key = value'");
	expect_error(" = 链接\n", "p.hints:1: a key is missing");
	expect_error("read_bylines = sometimes\n", "p.hints:1: key 'read_bylines'");
	expect_error("briefs_title =\n", "p.hints:1: key 'briefs_title'");
	expect_error("label = "
	             "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十\n",
	             "p.hints:1: key 'label': a word longer than");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_builtin),
	        cmocka_unit_test(test_user_words),
	        cmocka_unit_test(test_matching),
	        cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
