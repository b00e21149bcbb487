/* Unit tests for the pinyin front end: segmentation, polyphones, rules,
 * overrides, traditional characters, speech text, prosodic phrase breaks and
 * lexicon errors. The
 * lexicon is the one the build made: $TB_BUILD_DIR/tingbao.lex. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "core/buf.h"
#include "pinyin/conv.h"
#include "pinyin/lexfmt.h"
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
	/* 不 alone is common (the word list lacks it; kHanyuPinlu weighs it) */
	expect("他还不了解情况", "ta1 hai2 bu4 liao3 jie3 qing2 kuang4");
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
	/* sentence-final particles; not as interjections, doubled, or the mile */
	expect("快走啦。", "kuai4 zou3 la5 。");
	expect("不想去就算了呗", "bu4 xiang3 qu4 jiu4 suan4 le5 bei5");
	expect("哦，是这样", "o4 ， shi4 zhe4 yang4");
	expect("跑了三哩。", "pao3 le5 san1 li3 。");
	/* 边 after a direction is the locative suffix; not in 旁边 or 边境 */
	expect("北边有河", "bei3 bian5 you3 he2");
	expect("旁边", "pang2 bian1");
	expect("东边境", "dong1 bian1 jing4");
}

/* Readings CC-CEDICT settles (tools/lexbuild): a syllable that differs is
 * CEDICT's, a neutral tone stays only where both dictionaries have one, and
 * 一/不 keep their sandhi. */
static void test_second_dictionary_settles_word_readings(void **state)
{
	(void)state;
	expect("实际上", "shi2 ji4 shang4");
	expect("葡萄牙", "pu2 tao2 ya2");
	expect("葡萄", "pu2 tao5");
	expect("勃艮第", "bo2 gen4 di4");
	expect("献血者", "xian4 xue4 zhe3");
	expect("衣服", "yi1 fu5");
	/* a two-character word keeps the word list's neutral tone where CEDICT has the
	 * full tone; not 子, which the list makes neutral everywhere */
	expect("老婆和喉咙", "lao3 po5 he2 hou2 long5");
	expect("栅栏", "zha4 lan5");
	expect("定子", "ding4 zi3");
	expect("一国两制", "yi4 guo2 liang3 zhi4");
	/* a word only CEDICT has (中的, "hit the mark") must not outvote 中 */
	expect("工会联盟中的作用", "gong1 hui4 lian2 meng2 zhong1 de5 zuo4 yong4");
}

/* A rare character standing alone reads as it does in names when two names
 * or more attest it (CEDICT's proper nouns); common characters keep their
 * default, and a name counted twice (繁峙, 繁峙县) is one name. */
static void test_rare_characters_read_as_in_names(void **state)
{
	(void)state;
	expect("李媛", "li3 yuan2");
	expect("范蠡", "fan4 li3");
	expect("峙", "zhi4");
	expect("乘", "cheng2");
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
	expect("妈妈为他准备了午饭", "ma1 ma5 wei4 ta1 zhun3 bei4 le5 wu3 fan4");
	expect("认真仔细地检查", "ren4 zhen1 zi3 xi4 de5 jian3 cha2");
	expect("他做得很好，多劳多得", "ta1 zuo4 de5 hen3 hao3 ， duo1 lao2 duo1 de2");
	expect("这事，得请假。他还得去", "zhe4 shi4 ， dei3 qing3 jia4 。 ta1 hai2 dei3 qu4");
	expect("车辆全部为新车", "che1 liang4 quan2 bu4 wei2 xin1 che1");
	expect("带来温暖和希望", "dai4 lai2 wen1 nuan3 he2 xi1 wang4");
	/* 为 after a noun or a count says what something is; after who acts, before a
	 * pronoun or a verb with its aspect marker it is "for" */
	expect("劳动能力为四级伤残", "lao2 dong4 neng2 li4 wei2 si4 ji2 shang1 can2");
	expect("该片为一部纪录片", "gai1 pian4 wei2 yi2 bu4 ji4 lu4 pian4");
	expect("其中一半为女性", "qi2 zhong1 yi2 ban4 wei2 nv3 xing4");
	expect("学校为学生提供午餐", "xue2 xiao4 wei4 xue2 sheng1 ti2 gong1 wu3 can1");
	expect("此次活动为职工提供了便利",
	       "ci3 ci4 huo2 dong4 wei4 zhi2 gong1 ti2 gong1 le5 bian4 li4");
	expect("以活动为契机", "yi3 huo2 dong4 wei2 qi4 ji1");
	expect("以贴心服务为货车司机温暖护航",
	       "yi3 tie1 xin1 fu2 wu4 wei4 huo4 che1 si1 ji1 wen1 nuan3 hu4 hang2");
	/* 当 with a part of the day is "that same"; 当年 too once a year was named */
	expect("开通当天，当晚", "kai1 tong1 dang4 tian1 ， dang4 wan3");
	expect("当年不少职工", "dang1 nian2 bu4 shao3 zhi2 gong1");
	expect("二零一五年投产，当年盈利",
	       "er4 ling2 yi1 wu3 nian2 tou2 chan3 ， dang4 nian2 ying2 li4");
	expect("有四十年历史，当年盈利", "you3 si4 shi2 nian2 li4 shi3 ， dang1 nian2 ying2 li4");
	expect("相当天真", "xiang1 dang1 tian1 zhen1");
}

/* Readings a newsreader gets right from the neighbours (our own sentences). */
static void test_polyphones_standing_alone(void **state)
{
	(void)state;
	/* 一 in names and dates keeps tone 1; counting takes the sandhi */
	expect("本报记者 张一凡", "ben3 bao4 ji4 zhe3 zhang1 yi1 fan2");
	expect("王一鸣说", "wang2 yi1 ming2 shuo1");
	expect("向一位老师请教", "xiang4 yi2 wei4 lao3 shi1 qing3 jiao4");
	expect("五月一日", "wu3 yue4 yi1 ri4");
	expect("一日三餐", "yi2 ri4 san1 can1");
	/* 为: "be" before a value ending the clause, "for" before a longer phrase */
	expect("间隔为五分钟。", "jian4 ge2 wei2 wu3 fen1 zhong1 。");
	expect("可同时为三十辆车充电", "ke3 tong2 shi2 wei4 san1 shi2 liang4 che1 chong1 dian4");
	expect("为八百名工人体检", "wei4 ba1 bai3 ming2 gong1 ren2 ti3 jian3");
	expect("以车间、班组为单位", "yi3 che1 jian1 、 ban1 zu3 wei2 dan1 wei4");
	expect("合格等级为优秀", "he2 ge2 deng3 ji2 wei2 you1 xiu4");
	/* 供 gong1, 夹 jia1, 干 gan4 as verbs; 干 gan1 "dry" */
	expect("图书供读者借阅", "tu2 shu1 gong1 du2 zhe3 jie4 yue4");
	expect("夹在腋下", "jia1 zai4 ye4 xia4");
	expect("在厂里干了二十年", "zai4 chang3 li3 gan4 le5 er4 shi2 nian2");
	expect("衣服晾不干", "yi1 fu5 liang4 bu4 gan1");
	/* 假 jia4 "leave" after a length of time */
	expect("请两天假", "qing3 liang3 tian1 jia4");
	/* 长 zhang3: head of a unit, grow */
	expect("老炉长", "lao3 lu2 zhang3");
	expect("他成长为炉长。", "ta1 cheng2 zhang3 wei2 lu2 zhang3 。");
	expect("炉长王明的徒弟", "lu2 zhang3 wang2 ming2 de5 tu2 di4");
	expect("老李长得很高", "lao3 li3 zhang3 de5 hen3 gao1");
	expect("这条路很长", "zhe4 tiao2 lu4 hen3 chang2");
	/* 儿 after a stem that is no word ends a transliteration */
	expect("笛卡儿坐标", "di2 ka3 er2 zuo4 biao1");
	expect("一会儿", "yi2 hui4 r5");
	/* 着 as an aspect marker, also written 著 */
	expect("他笑着说", "ta1 xiao4 zhe5 shuo1");
	expect("他笑著說", "ta1 xiao4 zhe5 shuo1");
	expect("这事你管得着吗", "zhe4 shi4 ni3 guan3 de5 zhao2 ma5");
	expect("他穿著一件外套", "ta1 chuan1 zhe5 yi2 jian4 wai4 tao4");
	expect("她的穿着很朴素", "ta1 de5 chuan1 zhuo2 hen3 pu3 su4");
	/* foreign names: 什 shi2, 茜 xi1, 塞 sai4 beside transliteration characters */
	expect("希什曼", "xi1 shi2 man4");
	expect("露茜德", "lu4 xi1 de2");
	/* measure words and lanes after numbers; 率 "lead" opening a clause */
	expect("三扇门", "san1 shan4 men2");
	expect("长乐路12弄", "chang2 le4 lu4 12 long4");
	expect("次年，率五千人西进", "ci4 nian2 ， shuai4 wu3 qian1 ren2 xi1 jin4");
	expect("他率军进藏", "ta1 shuai4 jun1 jin4 zang4");
	/* verbs before their complements; Tibet; the state of Yan */
	expect("把木板钉在墙上", "ba3 mu4 ban3 ding4 zai4 qiang2 shang4");
	expect("把盐撒在锅里", "ba3 yan2 sa3 zai4 guo1 li3");
	expect("他咳出了血", "ta1 ke2 chu1 le5 xue4");
	expect("前燕灭亡", "qian2 yan1 mie4 wang2");
	expect("她叫小燕", "ta1 jiao4 xiao3 yan4");
	/* 为 after a verb of making earlier in the clause */
	expect("改县为市", "gai3 xian4 wei2 shi4");
	expect("选他为组长", "xuan3 ta1 wei2 zu3 zhang3");
	/* 朴 before a given name is the surname Piao2; pu3 in words */
	expect("朴正勋说", "piao2 zheng4 xun1 shuo1");
	expect("朴素的衣服", "pu3 su4 de5 yi1 fu5");
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
	/* transliterations: 塞 and 呵 starting a name, 哩 inside one */
	expect("塞西尔和塞斯", "sai4 xi1 er3 he2 sai4 si1");
	expect("呵叻高原", "he1 le4 gao1 yuan2");
	expect("迈达哩呼图克图", "mai4 da2 li3 hu1 tu2 ke4 tu2");
	/* a character whose simplified variant has no reading reads as itself */
	expect("鷃𨁂蟱鄮鯈誐", "yan4 xie2 wu2 mao4 tiao2 e2");
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
	/* a dash sets off a phrase: one short pause, not one per character */
	text = "他的心愿——回家过年";
	assert_int_equal(py_convert(lex, text, strlen(text), NULL, &out, &err), 0);
	assert_non_null(strstr(out.data, "xin1yuan4, hui2jia1"));
	buf_release(&out);
	text = "A&B<C>";
	assert_int_equal(py_convert(lex, text, strlen(text), NULL, &out, &err), 0);
	assert_null(strchr(out.data, '&'));
	assert_null(strstr(out.data, "<C"));
	buf_release(&out);
}

/* Syllables of each phrase next to a '|' token: none may be shorter than 3. */
static void assert_no_short_phrase(const char *tokens)
{
	int syl = 0, after_break = 0;
	char tok[64];

	for (const char *p = tokens;; p += strspn(p, " ")) {
		size_t n = strcspn(p, " ");
		int end = n == 0;

		if (n >= sizeof(tok))
			n = sizeof(tok) - 1;
		memcpy(tok, p, n);
		tok[n] = '\0';
		p += n;
		int pinyin = n >= 2 && tok[n - 1] >= '1' && tok[n - 1] <= '5' && tok[0] >= 'a' &&
		             tok[0] <= 'z';

		if (pinyin) {
			syl++;
			continue;
		}
		/* a break, a pause mark or the end closes a phrase */
		if (after_break || !strcmp(tok, "|"))
			assert_true(syl >= 3);
		after_break = !strcmp(tok, "|");
		syl = 0;
		if (end)
			break;
	}
}

static void expect_phrased(const char *text, const char *want)
{
	char *got = tokens_of(lex, text);

	if (!strstr(got, want))
		fail_msg("%s\n  got  %s\n  want ...%s...", text, got, want);
	assert_no_short_phrase(got);
	free(got);
}

static void test_long_clauses_are_read_as_phrases(void **state)
{
	(void)state;
	assert_true(py_phrase_table_sorted());
	/* the subject ends before an adverb; a preposition opens the predicate */
	expect_phrased("这位在炉前干了三十七年的老工人就要交班退休了",
	               "lao3 gong1 ren2 | jiu4 yao4");
	expect_phrased("四十三岁的快递员韩立军每周都会骑着电动车从城东赶过来上课",
	               "dian4 dong4 che1 | cong2 cheng2 dong1");
	/* never inside a name, a number with its unit, or a word */
	expect_phrased("四十三岁的快递员韩立军每周都会骑着电动车从城东赶过来上课",
	               "han2 li4 jun1 | mei3 zhou1");
	expect_phrased("全市一百四十二个户外劳动者驿站今年已经全部延长了开放时间",
	               "yi4 bai3 si4 shi2 er4 ge4 hu4 wai4 lao2 dong4 zhe3 yi4 zhan4");
	/* a short clause is one phrase, and so is each clause set off by punctuation */
	expect_phrased("职工服务站点设在园区食堂二楼。", "zhi2 gong1 fu2 wu4 zhan4 dian3 she4 zai4 "
	                                                 "yuan2 qu1 shi2 tang2 er4 lou2");
	expect_phrased("据统计，截至十一月底，各站点累计接待职工咨询。", "ju4 tong3 ji4 ，");
	char *plain = tokens_of(lex, "职工服务站点设在园区食堂二楼。");

	assert_null(strchr(plain, '|'));
	free(plain);
}

static void test_phrase_breaks_in_speech_and_explain(void **state)
{
	struct buf out = BUF_INIT;
	struct tb_err err = {0, ""};
	const char *text = "参加这次培训的一百多名GDP统计人员也都通过了结业考试";

	(void)state;
	/* each phrase is its own utterance: the English voice closes before the break */
	assert_int_equal(py_convert(lex, text, strlen(text), NULL, &out, &err), 0);
	assert_non_null(strstr(out.data, " | "));
	for (const char *p = out.data; *p;) {
		size_t n = strcspn(p, "|");
		int open = 0, close = 0;

		for (const char *q = p; q < p + n; q++) {
			open += !strncmp(q, "<voice", 6);
			close += !strncmp(q, "</voice>", 8);
		}
		assert_int_equal(open, close);
		p += n + (p[n] == '|');
	}
	buf_release(&out);
	/* without phrases: no break anywhere */
	assert_int_equal(py_convert_ex(lex, text, strlen(text), &out, &out, PY_NO_PHRASES, &err),
	                 0);
	assert_null(strchr(out.data, '|'));
	buf_release(&out);
	/* explain says where and why */
	text = "这位在炉前干了三十七年的老工人就要交班退休了";
	assert_int_equal(py_explain(lex, text, strlen(text), &out, &err), 0);
	assert_non_null(strstr(out.data, "phrase breaks:\n"));
	assert_non_null(strstr(out.data, "老工人 | 就要"));
	assert_non_null(strstr(out.data, "an adverb or auxiliary opens the predicate"));
	buf_release(&out);
}

static void write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(data, 1, len, f), len);
	fclose(f);
}

/* A whole file into memory (malloc'd), or NULL. */
static char *read_whole(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data;
	long n;

	if (!f || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 || fseek(f, 0, SEEK_SET)) {
		if (f)
			fclose(f);
		return NULL;
	}
	data = malloc((size_t)n ? (size_t)n : 1);
	if (data && fread(data, 1, (size_t)n, f) != (size_t)n) {
		free(data);
		data = NULL;
	}
	fclose(f);
	*len = (size_t)n;
	return data;
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

	/* a truncated copy of the real file: the header's size no longer holds */
	snprintf(src, sizeof(src), "%s/tingbao.lex", build_dir());
	size_t full_len;
	char *full = read_whole(src, &full_len);

	assert_non_null(full);
	assert_true(full_len > 4096);
	write_file(path, full, 4096);
	assert_int_equal(py_open_default(dir, &l, &err), TB_E_DATA);
	assert_non_null(strstr(err.msg, "truncated file"));

	/* a full-size copy with a chunk's offset pointing past the end: the table of
	 * contents is checked, before any checksum could be */
	struct lexfmt_chunk *toc =
	        (struct lexfmt_chunk *)(void *)(full + sizeof(struct lexfmt_header));

	toc[0].offset = (uint64_t)full_len + 4096;
	write_file(path, full, full_len);
	assert_int_equal(py_open_default(dir, &l, &err), TB_E_DATA);
	if (!strstr(err.msg, "chunk outside the file"))
		print_message("message: %s\n", err.msg);
	assert_non_null(strstr(err.msg, "chunk outside the file"));

	/* a full-size copy with more chunks than the table can hold */
	free(full);
	full = read_whole(src, &full_len);
	((struct lexfmt_header *)(void *)full)->nchunks = 1u << 30;
	write_file(path, full, full_len);
	assert_int_equal(py_open_default(dir, &l, &err), TB_E_DATA);
	assert_non_null(strstr(err.msg, "bad table of contents"));
	free(full);
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
	        cmocka_unit_test(test_second_dictionary_settles_word_readings),
	        cmocka_unit_test(test_rare_characters_read_as_in_names),
	        cmocka_unit_test(test_surnames_in_bylines_and_before_titles),
	        cmocka_unit_test(test_function_characters_in_context),
	        cmocka_unit_test(test_polyphones_standing_alone),
	        cmocka_unit_test(test_traditional_characters),
	        cmocka_unit_test(test_other_text_passes_through),
	        cmocka_unit_test(test_overrides_win_and_stay_whole),
	        cmocka_unit_test(test_bad_override_lines_are_reported),
	        cmocka_unit_test(test_has_word),
	        cmocka_unit_test(test_speech_joins_words_and_switches_language),
	        cmocka_unit_test(test_long_clauses_are_read_as_phrases),
	        cmocka_unit_test(test_phrase_breaks_in_speech_and_explain),
	        cmocka_unit_test(test_missing_or_corrupt_lexicon_is_a_data_error),
	};

	return cmocka_run_group_tests(tests, open_lexicon, close_lexicon);
}
