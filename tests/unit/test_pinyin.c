/* Unit tests for the pinyin front end: segmentation, polyphones, rules,
 * overrides, traditional characters, speech text and lexicon errors. The
 * lexicon is the one the build made: $TB_BUILD_DIR/tingbao.lex. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/buf.h"
#include "pinyin/pinyin.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static struct py_lexicon *lex;

static const char *build_dir(void)
{
	const char *d = getenv("TB_BUILD_DIR");

	return d && *d ? d : ".";
}

static int open_lexicon(void **state)
{
	struct tb_err err = {0, ""};

	(void)state;
	if (py_open_default(build_dir(), &lex, &err)) {
		fprintf(stderr, "cannot open the lexicon: %s\n", err.msg);
		return -1;
	}
	return 0;
}

static int close_lexicon(void **state)
{
	(void)state;
	py_close(lex);
	lex = NULL;
	return 0;
}

/* The tokens of `text` as one string. */
static char *tokens_of(const struct py_lexicon *l, const char *text)
{
	struct buf out = BUF_INIT;
	struct tb_err err = {0, ""};

	assert_int_equal(py_convert(l, text, strlen(text), &out, NULL, &err), 0);
	return buf_detach(&out, NULL);
}

static void expect(const char *text, const char *want)
{
	char *got = tokens_of(lex, text);

	if (strcmp(got, want))
		fprintf(stderr, "%s: got '%s', want '%s'\n", text, got, want);
	assert_string_equal(got, want);
	free(got);
}

static void test_polyphones_in_words(void **state)
{
	(void)state;
	expect("银行行长", "yin2 hang2 hang2 zhang3");
	expect("重庆", "chong2 qing4");
	expect("音乐", "yin1 yue4");
	expect("孩子长大了", "hai2 zi5 zhang3 da4 le5");
	expect("测量长度", "ce4 liang2 chang2 du4");
	expect("我们了解情况", "wo3 men5 liao3 jie3 qing2 kuang4");
}

static void test_segmentation_picks_the_likely_path(void **state)
{
	(void)state;
	/* 长 joins 行长 (bank director), not 行 (to go) */
	expect("他是银行行长", "ta1 shi4 yin2 hang2 hang2 zhang3");
	expect("研究生命起源", "yan2 jiu1 sheng1 ming4 qi3 yuan2");
}

static void test_yi_bu_sandhi_across_words(void **state)
{
	(void)state;
	expect("他不去", "ta1 bu2 qu4");
	expect("我不吃", "wo3 bu4 chi1");
	expect("第一", "di4 yi1");
	expect("星期一", "xing1 qi1 yi1");
	expect("一九九八", "yi1 jiu3 jiu3 ba1");
	expect("一天", "yi4 tian1");
	expect("一个", "yi2 ge4");
	expect("一亿元", "yi2 yi4 yuan2");
	expect("十一", "shi2 yi1");
}

static void test_neutral_tones_and_erhua(void **state)
{
	(void)state;
	expect("我的书", "wo3 de5 shu1");
	expect("他走了吗", "ta1 zou3 le5 ma5");
	expect("妈妈", "ma1 ma5");
	expect("桌子", "zhuo1 zi5");
	expect("你在哪儿", "ni3 zai4 na3 r5");
	expect("女儿", "nv3 er2");
}

static void test_surnames_in_bylines_and_before_titles(void **state)
{
	(void)state;
	expect("记者单明报道", "ji4 zhe3 shan4 ming2 bao4 dao4");
	expect("记者 曾华", "ji4 zhe3 zeng1 hua2");
	expect("本报记者 单明 本报通讯员 曾华",
	       "ben3 bao4 ji4 zhe3 shan4 ming2 ben3 bao4 tong1 xun4 yuan2 zeng1 hua2");
	expect("记者 王明 单华", "ji4 zhe3 wang2 ming2 shan4 hua2");
	expect("记者曾到现场", "ji4 zhe3 ceng2 dao4 xian4 chang3");
	expect("曾先生来了", "zeng1 xian1 sheng5 lai2 le5");
	expect("会上，单华说", "hui4 shang4 ， shan4 hua2 shuo1");
	expect("单说这件事", "dan1 shuo1 zhe4 jian4 shi4");
	expect("单位", "dan1 wei4");
	expect("曾经", "ceng2 jing1");
	expect("解决问题", "jie3 jue2 wen4 ti2");
}

static void test_function_characters_in_context(void **state)
{
	(void)state;
	expect("他只去过一次", "ta1 zhi3 qu4 guo4 yi2 ci4");
	expect("三只猫", "san1 zhi1 mao1");
	expect("他成长为工程师", "ta1 cheng2 zhang3 wei2 gong1 cheng2 shi1");
	expect("我们为你准备了礼物", "wo3 men5 wei4 ni3 zhun3 bei4 le5 li3 wu4");
	expect("耐心细致地讲解", "nai4 xin1 xi4 zhi4 de5 jiang3 jie3");
	expect("他做得很好，多劳多得", "ta1 zuo4 de5 hen3 hao3 ， duo1 lao2 duo1 de2");
	expect("这事，得请假。他还得去", "zhe4 shi4 ， dei3 qing3 jia4 。 ta1 hai2 dei3 qu4");
	expect("车辆全部为新车", "che1 liang4 quan2 bu4 wei2 xin1 che1");
	expect("送温暖和新年礼物", "song4 wen1 nuan3 he2 xin1 nian2 li3 wu4");
}

static void test_traditional_characters(void **state)
{
	(void)state;
	expect("銀行行長", "yin2 hang2 hang2 zhang3");
	expect("重慶", "chong2 qing4");
	expect("音樂", "yin1 yue4");
	expect("長度", "chang2 du4");
	/* 乾 and 吒 are simplified characters too: mapped only in traditional text,
	 * and not where they make a word as written */
	expect("哪吒", "ne2 zha1");
	expect("乾隆年间", "qian2 long2 nian2 jian1");
	expect("乾淨的衣服", "gan1 jing4 de5 yi1 fu5");
	expect("乾隆後來", "qian2 long2 hou4 lai2");
}

static void test_other_text_passes_through(void **state)
{
	(void)state;
	expect("GDP增长", "GDP zeng1 zhang3");
	expect("好，好！", "hao3 ， hao3 ！");
	expect("", "");
}

static void test_overrides_win_and_stay_whole(void **state)
{
	struct tb_err err = {0, ""};
	struct py_lexicon *l = NULL;
	char path[] = "/tmp/tb_test_ovrXXXXXX";
	int fd = mkstemp(path);
	char *got;

	(void)state;
	assert_true(fd >= 0);
	const char *tsv = "# test overrides\n"
	                  "乐长\tle4 zhang3\n"
	                  "银行\tyin2xing2  # joined syllables are accepted\n"
	                  "乐\tlao4\n";

	assert_int_equal(write(fd, tsv, strlen(tsv)), (ssize_t)strlen(tsv));
	close(fd);
	assert_int_equal(py_open_default(build_dir(), &l, &err), 0);
	got = tokens_of(l, "音乐长廊");
	assert_string_equal(got, "yin1 yue4 chang2 lang2");
	free(got);
	assert_int_equal(py_add_overrides(l, path, &err), 0);
	/* without the override the segmenter reads 音乐|长廊; the override word wins */
	got = tokens_of(l, "音乐长廊");
	assert_string_equal(got, "yin1 le4 zhang3 lang2");
	free(got);
	got = tokens_of(l, "银行");
	assert_string_equal(got, "yin2 xing2");
	free(got);
	assert_int_equal(py_has_word(l, "乐长", strlen("乐长")), 1);
	/* a one-character override reads the character alone, not inside words */
	got = tokens_of(l, "乐手 乐队");
	assert_string_equal(got, "yue4 shou3 yue4 dui4");
	free(got);
	got = tokens_of(l, "他乐了，快乐");
	assert_string_equal(got, "ta1 lao4 le5 ， kuai4 le4");
	free(got);
	py_close(l);
	unlink(path);
}

static void test_bad_override_lines_are_reported(void **state)
{
	struct tb_err err = {0, ""};
	char path[] = "/tmp/tb_test_ovrXXXXXX";
	int fd = mkstemp(path);
	const char *tsv = "银行\tyin2\n";

	(void)state;
	assert_int_equal(write(fd, tsv, strlen(tsv)), (ssize_t)strlen(tsv));
	close(fd);
	assert_int_equal(py_add_overrides(lex, path, &err), TB_E_INPUT);
	assert_non_null(strstr(err.msg, ":1:"));
	unlink(path);
}

static void test_has_word(void **state)
{
	(void)state;
	assert_int_equal(py_has_word(lex, "银行", strlen("银行")), 1);
	assert_int_equal(py_has_word(lex, "銀行", strlen("銀行")), 1);
	assert_int_equal(py_has_word(lex, "行银", strlen("行银")), 0);
	assert_int_equal(py_has_word(lex, "", 0), 0);
}

static void test_speech_joins_words_and_switches_language(void **state)
{
	struct buf out = BUF_INIT;
	struct tb_err err = {0, ""};
	const char *text = "银行行长说，GDP增长了。";

	(void)state;
	assert_int_equal(py_convert(lex, text, strlen(text), NULL, &out, &err), 0);
	assert_non_null(strstr(out.data, "yin2hang2hang2zhang3"));
	assert_non_null(strstr(out.data, "<voice xml:lang=\"en\">G D P</voice>"));
	assert_non_null(strstr(out.data, "<voice xml:lang=\"cmn-latn-pinyin\">zeng1zhang3"));
	assert_null(strstr(out.data, "，"));
	assert_null(strstr(out.data, "&"));
	buf_release(&out);
	text = "A&B<C>";
	assert_int_equal(py_convert(lex, text, strlen(text), NULL, &out, &err), 0);
	assert_null(strchr(out.data, '&'));
	assert_null(strstr(out.data, "<C"));
	buf_release(&out);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

static void test_missing_or_corrupt_lexicon_is_a_data_error(void **state)
{
	struct tb_err err = {0, ""};
	struct py_lexicon *l = (struct py_lexicon *)1;
	char dir[] = "/tmp/tb_test_lexXXXXXX";
	char path[64], src[4096];

	(void)state;
	assert_non_null(mkdtemp(dir));
	assert_int_equal(py_open_default(dir, &l, &err), TB_E_DATA);
	assert_null(l);
	assert_non_null(strstr(err.msg, "tingbao.lex"));

	snprintf(path, sizeof(path), "%s/tingbao.lex", dir);
	write_file(path, "not a lexicon at all, just some text", 36);
	assert_int_equal(py_open_default(dir, &l, &err), TB_E_DATA);
	assert_non_null(strstr(err.msg, "corrupt"));

	/* a truncated copy of the real file */
	snprintf(src, sizeof(src), "%s/tingbao.lex", build_dir());
	FILE *f = fopen(src, "rb");
	char head[4096];

	assert_non_null(f);
	assert_int_equal(fread(head, 1, sizeof(head), f), sizeof(head));
	fclose(f);
	write_file(path, head, sizeof(head));
	assert_int_equal(py_open_default(dir, &l, &err), TB_E_DATA);

	/* right size, damaged table of contents */
	memset(head + 40, 0xff, 64);
	write_file(path, head, sizeof(head));
	assert_int_equal(py_open_default(dir, &l, &err), TB_E_DATA);
	write_file(path, "", 0);
	assert_int_equal(py_open_default(dir, &l, &err), TB_E_DATA);
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	        cmocka_unit_test(test_polyphones_in_words),
	        cmocka_unit_test(test_segmentation_picks_the_likely_path),
	        cmocka_unit_test(test_yi_bu_sandhi_across_words),
	        cmocka_unit_test(test_neutral_tones_and_erhua),
	        cmocka_unit_test(test_surnames_in_bylines_and_before_titles),
	        cmocka_unit_test(test_function_characters_in_context),
	        cmocka_unit_test(test_traditional_characters),
	        cmocka_unit_test(test_other_text_passes_through),
	        cmocka_unit_test(test_overrides_win_and_stay_whole),
	        cmocka_unit_test(test_bad_override_lines_are_reported),
	        cmocka_unit_test(test_has_word),
	        cmocka_unit_test(test_speech_joins_words_and_switches_language),
	        cmocka_unit_test(test_missing_or_corrupt_lexicon_is_a_data_error),
	};

	return cmocka_run_group_tests(tests, open_lexicon, close_lexicon);
}
