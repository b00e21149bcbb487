/* Sentence splitting and chunking for synthesis. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "layout/lines.h"
#include "layout/sentence.h"

#include <stdlib.h>
#include <string.h>

/* Splits s and checks the pieces against the NULL-terminated list. */
static void expect_split(const char *s, const char *const *want)
{
	struct buf spans = BUF_INIT;
	size_t n = 0, i;

	assert_int_equal(sent_split(s, strlen(s), &spans), 0);
	while (want[n])
		n++;
	for (i = 0; i < VEC_LEN(&spans, struct sent_span); i++) {
		struct sent_span *sp = &VEC_AT(&spans, struct sent_span, i);

		print_message("  [%zu] %.*s\n", i, (int)sp->len, s + sp->off);
	}
	assert_int_equal(VEC_LEN(&spans, struct sent_span), n);
	for (i = 0; i < n; i++) {
		struct sent_span *sp = &VEC_AT(&spans, struct sent_span, i);

		assert_int_equal(sp->len, strlen(want[i]));
		assert_memory_equal(s + sp->off, want[i], sp->len);
	}
	buf_release(&spans);
}

static void test_basic(void **state)
{
	static const char *const w[] = {"今天下雪了。", "工人们照常上班!", "你冷吗?", NULL};

	(void)state;
	expect_split("今天下雪了。工人们照常上班!你冷吗?", w);
}

static void test_fullwidth_marks(void **state)
{
	static const char *const w[] = {"真的吗？", "真的！", "好。", NULL};

	(void)state;
	expect_split("真的吗？真的！好。", w);
}

static void test_closing_quote_stays(void **state)
{
	static const char *const w[] = {"“辛苦大家了!”", "“不客气。”", NULL};

	(void)state;
	expect_split("“辛苦大家了!”“不客气。”", w);
}

static void test_attribution(void **state)
{
	static const char *const w[] = {"“这个办法好。”老周说。", "大家都笑了。", NULL};

	(void)state;
	expect_split("“这个办法好。”老周说。大家都笑了。", w);
}

static void test_quote_then_new_sentence(void **state)
{
	static const char *const w[] = {"“太方便了!”", "小李的话代表了很多人,大家都这么想。", NULL};

	(void)state;
	expect_split("“太方便了!”小李的话代表了很多人,大家都这么想。", w);
}

static void test_quote_spanning(void **state)
{
	static const char *const w[] = {"他说:“第一,要安全。", "第二,要准时。", "第三,要热情。”",
	                                NULL};

	(void)state;
	expect_split("他说:“第一,要安全。第二,要准时。第三,要热情。”", w);
}

static void test_brackets(void **state)
{
	/* nothing ends inside brackets, nested or not */
	static const char *const w[] = {"会上通报了情况(详见附件(一)。其余从略。)。", "会议结束。",
	                                NULL};

	(void)state;
	expect_split("会上通报了情况(详见附件(一)。其余从略。)。会议结束。", w);
}

static void test_ellipsis(void **state)
{
	static const char *const w1[] = {"吃饭、住宿、看病……", "样样都要操心。", NULL};
	static const char *const w2[] = {"吃饭、住宿、看病......", "样样都要操心。", NULL};
	static const char *const w3[] = {"吃饭、住宿……等等问题都解决了。", NULL};
	static const char *const w4[] = {"真的吗?!", "是的。", NULL};

	(void)state;
	expect_split("吃饭、住宿、看病……样样都要操心。", w1);
	expect_split("吃饭、住宿、看病......样样都要操心。", w2);
	expect_split("吃饭、住宿……等等问题都解决了。", w3);
	expect_split("真的吗?!是的。", w4);
}

static void test_decimals_and_tail(void **state)
{
	static const char *const w[] = {"增长了3.5个百分点。", "没有句号的结尾", NULL};

	(void)state;
	expect_split("增长了3.5个百分点。 没有句号的结尾", w);
}

static void test_no_text(void **state)
{
	struct buf spans = BUF_INIT;

	(void)state;
	assert_int_equal(sent_split("  ", 2, &spans), 0);
	assert_int_equal(VEC_LEN(&spans, struct sent_span), 0);
	buf_release(&spans);
}

static void test_chunks(void **state)
{
	const char *s = "为了让职工在家门口享受到便利的服务,街道工会联合社区卫生服务中心、"
	                "法律援助站和职业介绍所,在驿站设立了健康咨询、法律咨询、就业指导等"
	                "多个服务窗口,每周二和周四下午定时开放,受到了辖区职工的普遍欢迎。";
	struct buf spans = BUF_INIT;
	size_t i, total = 0;

	(void)state;
	assert_int_equal(sent_chunks(s, strlen(s), 0, &spans), 0);
	assert_true(VEC_LEN(&spans, struct sent_span) >= 2);
	for (i = 0; i < VEC_LEN(&spans, struct sent_span); i++) {
		struct sent_span *sp = &VEC_AT(&spans, struct sent_span, i);
		size_t st;
		uint32_t last = lines_last(s + sp->off, sp->len, &st);

		assert_true(lines_nchars(s + sp->off, sp->len) <= SENT_CHUNK_CHARS);
		/* chunks end at a pause mark (or the sentence end) */
		assert_true(lines_is_pause(last) || last == 0x3002);
		assert_int_equal(sp->off, total);
		total += sp->len;
	}
	assert_int_equal(total, strlen(s));
	buf_release(&spans);
}

static void test_short_sentence_one_chunk(void **state)
{
	struct buf spans = BUF_INIT;
	const char *s = "会议结束,大家各自回到岗位。";

	(void)state;
	assert_int_equal(sent_chunks(s, strlen(s), 0, &spans), 0);
	assert_int_equal(VEC_LEN(&spans, struct sent_span), 1);
	buf_release(&spans);
}

static void test_chunk_keeps_numbers(void **state)
{
	/* no pause marks at all: a hard cut, never inside a number */
	struct buf spans = BUF_INIT;
	const char *s = "一二三四五六七八九十一二三四五六七八九十12345678一二三四五六七八九十";
	size_t i;

	(void)state;
	assert_int_equal(sent_chunks(s, strlen(s), 22, &spans), 0);
	for (i = 0; i + 1 < VEC_LEN(&spans, struct sent_span); i++) {
		struct sent_span *sp = &VEC_AT(&spans, struct sent_span, i);
		char a = s[sp->off + sp->len - 1], b = s[sp->off + sp->len];

		assert_false(a >= '0' && a <= '9' && b >= '0' && b <= '9');
	}
	buf_release(&spans);
}

/* Pieces come out about even: the cut goes to the pause nearest the middle. */
static void test_chunks_balanced(void **state)
{
	const char *s = "今年以来全市新建了驿站,"
	                "各个驿站都配备了热水微波炉和充电设施还有常用药品和雨具供人取用,"
	                "每天从早上七点开放到晚上十点,方便环卫工人快递员和外卖骑手歇脚。";
	struct buf spans = BUF_INIT;
	struct sent_span *sp;

	(void)state;
	assert_int_equal(sent_chunks(s, strlen(s), 0, &spans), 0);
	assert_int_equal(VEC_LEN(&spans, struct sent_span), 2);
	sp = &VEC_AT(&spans, struct sent_span, 0);
	assert_true(lines_ends_with(s, sp->off + sp->len, "取用,"));
	buf_release(&spans);
}

/* With no pause mark in reach, a dash is the next best place. */
static void test_chunks_dash(void **state)
{
	const char *s = "一位在车间里默默干了三十多年的老钳工成了全厂职工学习的榜样——"
	                "他带出的徒弟如今已经有十几人成长为车间里的技术骨干和生产班组的班组长。";
	struct buf spans = BUF_INIT;
	struct sent_span *sp;

	(void)state;
	assert_int_equal(sent_chunks(s, strlen(s), 0, &spans), 0);
	assert_int_equal(VEC_LEN(&spans, struct sent_span), 2);
	sp = &VEC_AT(&spans, struct sent_span, 0);
	assert_true(lines_ends_with(s, sp->off + sp->len, "榜样——"));
	buf_release(&spans);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_basic),
	        cmocka_unit_test(test_fullwidth_marks),
	        cmocka_unit_test(test_closing_quote_stays),
	        cmocka_unit_test(test_attribution),
	        cmocka_unit_test(test_quote_then_new_sentence),
	        cmocka_unit_test(test_quote_spanning),
	        cmocka_unit_test(test_brackets),
	        cmocka_unit_test(test_ellipsis),
	        cmocka_unit_test(test_decimals_and_tail),
	        cmocka_unit_test(test_no_text),
	        cmocka_unit_test(test_chunks),
	        cmocka_unit_test(test_short_sentence_one_chunk),
	        cmocka_unit_test(test_chunk_keeps_numbers),
	        cmocka_unit_test(test_chunks_balanced),
	        cmocka_unit_test(test_chunks_dash),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
