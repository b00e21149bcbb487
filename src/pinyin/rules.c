/*
 * Rules for what the lexicon cannot decide from one word: 一/不 sandhi across
 * word boundaries; neutral tone of reduplicated kinship terms, sentence-final
 * particles and locative 边; erhua; surname readings in bylines and before
 * titles; standalone polyphones from the words around them. Third-tone sandhi
 * is eSpeak NG's.
 */
#include "pinyin/conv.h"

#include "pinyin/lexfmt.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#define CP_YI 0x4e00 /* 一 */
#define CP_BU 0x4e0d /* 不 */
#define CP_ER 0x513f /* 儿 */

static int word_len(const struct py_conv *c, size_t i)
{
	const struct py_wordspan *w = PY_WD(c, PY_CH(c, i)->word);

	return (int)(w->b - w->a);
}

static int is_han_at(const struct py_conv *c, size_t i)
{
	return i < PY_NCH(c) && PY_CH(c, i)->han;
}

static size_t skey_end(const struct py_conv *c, size_t i)
{
	return i < PY_NCH(c) ? PY_CH(c, i)->soff : c->skey.len;
}

static char tone_of(const struct py_char *ch)
{
	size_t n = strlen(ch->syl);

	return n ? ch->syl[n - 1] : 0;
}

static void set_syl(struct py_char *ch, const char *syl, uint8_t why)
{
	size_t n = strlen(syl);

	if (n >= sizeof(ch->syl))
		return;
	memcpy(ch->syl, syl, n + 1);
	ch->why = why;
}

static void set_tone(struct py_char *ch, char tone, uint8_t why)
{
	size_t n = strlen(ch->syl);

	if (n && ch->syl[n - 1] != tone) {
		ch->syl[n - 1] = tone;
		ch->why = why;
	}
}

static int cp_in(uint32_t cp, const uint32_t *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (set[i] == cp)
			return 1;
	return 0;
}

/* Characters that make a neighbouring 一 a number ("第一", "一二三", "十一"). */
static int is_numeral(const struct py_conv *c, size_t i)
{
	static const uint32_t nums[] = {0x96f6, 0x3007, 0x4e00, 0x4e8c, 0x4e09, 0x56db,
	                                0x4e94, 0x516d, 0x4e03, 0x516b, 0x4e5d, 0x5341,
	                                0x767e, 0x5343, 0x4e07, 0x4ebf, 0x7b2c, 0x4e24};
	if (i >= PY_NCH(c))
		return 0;
	uint32_t cp = PY_CH(c, i)->scp;

	return (cp >= '0' && cp <= '9') || cp_in(cp, nums, sizeof(nums) / sizeof(nums[0]));
}

static int yi_in_name(const struct py_conv *c, size_t i);

/* 一 in a date ("三月一日", "五月一号") is the number one, even where the
 * lexicon has the word 一日 ("one day", yi2). */
static int yi_in_date(const struct py_conv *c, size_t i)
{
	uint32_t nx = is_han_at(c, i + 1) ? PY_CH(c, i + 1)->scp : 0;

	return i > 0 && PY_CH(c, i - 1)->scp == 0x6708 /* 月 */ &&
	       (nx == 0x65e5 /* 日 */ || nx == 0x53f7 /* 号 */);
}

/* 一 and 不 standing alone take their sandhi tone from the next syllable; inside
 * words the lexicon already has it. 一 counting or ordinal keeps tone 1, and so
 * does 一 in a date or a person's name (王一鸣). */
static void rule_yi_bu(struct py_conv *c)
{
	size_t n = PY_NCH(c);

	for (size_t i = 0; i < n; i++) {
		struct py_char *ch = PY_CH(c, i);

		if (!ch->han || (ch->scp != CP_YI && ch->scp != CP_BU) ||
		    ch->why == PY_WHY_OVERRIDE)
			continue;
		if (ch->scp == CP_YI && (yi_in_date(c, i) || yi_in_name(c, i))) {
			set_syl(ch, "yi1", PY_WHY_RULE_YI);
			continue;
		}
		if (word_len(c, i) != 1) {
			/* 一 ending a word begins the number after it: 百分之一|百 */
			uint32_t nx = is_han_at(c, i + 1) ? PY_CH(c, i + 1)->scp : 0;

			if (ch->scp == CP_YI && PY_WD(c, ch->word)->b == i + 1 &&
			    (nx == 0x767e || nx == 0x5343 || nx == 0x4e07 || nx == 0x4ebf) &&
			    PY_WD(c, PY_CH(c, i + 1)->word)->a == i + 1)
				set_syl(ch, nx == 0x767e || nx == 0x5343 ? "yi4" : "yi2",
				        PY_WHY_RULE_YI);
			continue;
		}
		char next = is_han_at(c, i + 1) ? tone_of(PY_CH(c, i + 1)) : 0;

		if (ch->scp == CP_BU) {
			set_syl(ch, next == '4' ? "bu2" : "bu4", PY_WHY_RULE_BU);
			continue;
		}
		uint32_t nx = is_han_at(c, i + 1) ? PY_CH(c, i + 1)->scp : 0;
		/* 一百, 一千, 一万, 一亿 take the sandhi like any other word */
		int unit = nx == 0x767e || nx == 0x5343 || nx == 0x4e07 || nx == 0x4ebf;

		if (!next || (i > 0 && is_numeral(c, i - 1)) || (is_numeral(c, i + 1) && !unit) ||
		    (i > 0 && (PY_CH(c, i - 1)->scp == 0x671f /* 期 */ ||
		               PY_CH(c, i - 1)->scp == 0x5468 /* 周 */))) {
			set_syl(ch, "yi1", PY_WHY_RULE_YI);
			continue;
		}
		set_syl(ch, next == '4' || next == '5' ? "yi2" : "yi4", PY_WHY_RULE_YI);
	}
}

/* 妈妈, 爸爸, 哥哥 ... when the segmenter did not find them as one word. */
static void rule_kinship(struct py_conv *c)
{
	static const uint32_t kin[] = {0x5988, 0x7238, 0x54e5, 0x59d0, 0x5f1f, 0x59b9,
	                               0x7237, 0x5976, 0x59e5, 0x53d4, 0x5a76, 0x8205,
	                               0x59d1, 0x4f2f, 0x516c, 0x5a46};
	size_t n = PY_NCH(c);

	for (size_t i = 0; i + 1 < n; i++) {
		struct py_char *a = PY_CH(c, i), *b = PY_CH(c, i + 1);

		if (a->han && b->han && a->scp == b->scp && a->word != b->word &&
		    b->why != PY_WHY_OVERRIDE && cp_in(a->scp, kin, sizeof(kin) / sizeof(kin[0])))
			set_tone(b, '5', PY_WHY_RULE_NEUTRAL);
	}
}

static int stem_is_word(const struct py_conv *c, size_t a, size_t b)
{
	size_t ka = PY_CH(c, a)->soff, kb = PY_CH(c, b)->soff;
	struct py_word w;

	return py_lex_find(c->lex, c->skey.data + ka, kb - ka, &w) && (w.flags & LEXFMT_WORD);
}

/* A word-final 儿 the lexicon reads neutral is rhotacization: "r5". */
static void rule_erhua(struct py_conv *c)
{
	for (size_t w = 0; w < PY_NWD(c); w++) {
		const struct py_wordspan *wd = PY_WD(c, w);
		struct py_char *last = PY_CH(c, wd->b - 1);

		if (wd->b - wd->a < 2 || last->scp != CP_ER || strcmp(last->syl, "er5") ||
		    last->why == PY_WHY_OVERRIDE)
			continue;
		/* 儿 suffixes a word (一会儿, 小孩儿) or a character (这儿); after a
		 * stem that is no word it ends a transliteration (笛卡儿): er2 */
		if (wd->b - wd->a == 2 || stem_is_word(c, wd->a, wd->b - 1))
			set_syl(last, "r5", PY_WHY_RULE_ERHUA);
		else
			set_syl(last, "er2", PY_WHY_RULE_ERHUA);
	}
}

struct surname {
	uint32_t cp;
	const char *syl;
};

static const struct surname surnames[] = {
        {0x5355, "shan4"},  /* 单 */
        {0x66fe, "zeng1"},  /* 曾 */
        {0x89e3, "xie4"},   /* 解 */
        {0x4ec7, "qiu2"},   /* 仇 */
        {0x533a, "ou1"},    /* 区 */
        {0x6734, "piao2"},  /* 朴 */
        {0x67e5, "zha1"},   /* 查 */
        {0x76d6, "ge3"},    /* 盖 */
        {0x4e50, "yue4"},   /* 乐 */
        {0x7f2a, "miao4"},  /* 缪 */
        {0x79cd, "chong2"}, /* 种 */
        {0x8983, "qin2"},   /* 覃 */
        {0x7fdf, "zhai2"},  /* 翟 */
        {0x8d3e, "jia3"},   /* 贾 */
        {0x6c88, "shen3"},  /* 沈 */
};

static const char *surname_reading(uint32_t cp)
{
	for (size_t i = 0; i < sizeof(surnames) / sizeof(surnames[0]); i++)
		if (surnames[i].cp == cp)
			return surnames[i].syl;
	return NULL;
}

/* Words after which a person's name follows in a byline. */
static const char *const byline_words[] = {"记者",       "通讯员",   "实习生",   "编辑",
                                           "责编",       "作者",     "撰文",     "摄影",
                                           "主持人",     "特约记者", "见习记者", "本报记者",
                                           "本报通讯员", "特派记者", "首席记者", "通讯员"};
/* Words that follow a name. */
static const char *const title_words[] = {
        "先生", "女士",   "教授",   "主任",   "书记",   "部长",   "市长",   "局长",
        "县长", "省长",   "主席",   "总理",   "校长",   "院长",   "经理",   "董事长",
        "总裁", "博士",   "老师",   "医生",   "同志",   "委员",   "代表",   "总统",
        "处长", "科长",   "厅长",   "所长",   "队长",   "教练",   "研究员", "工程师",
        "院士", "副主任", "副市长", "副局长", "副部长", "副院长", "副校长",
};
/* Verbs of saying that follow a person's name ("单华说"). */
static const char *const speech_verbs[] = {"说",   "表示", "指出", "介绍", "认为", "告诉",
                                           "强调", "透露", "坦言", "回忆", "解释", "称"};
/* Words that end a byline name. */
static const char *const byline_ends[] = {"报道", "摄", "讯", "发", "整理", "采写"};

static int word_is_any(const struct py_conv *c, size_t w, const char *const *set, size_t n)
{
	const struct py_wordspan *wd = PY_WD(c, w);

	for (size_t k = 0; k < n; k++)
		if (py_span_is(c, wd->a, wd->b, set[k]))
			return 1;
	return 0;
}

static int word_at_is(const struct py_conv *c, size_t i, const char *const *set, size_t n)
{
	if (!is_han_at(c, i))
		return 0;
	size_t w = PY_CH(c, i)->word;

	return PY_WD(c, w)->a == i && word_is_any(c, w, set, n);
}

static int is_title_at(const struct py_conv *c, size_t i)
{
	return word_at_is(c, i, title_words, sizeof(title_words) / sizeof(title_words[0]));
}

static int is_byline_end_at(const struct py_conv *c, size_t i)
{
	return word_at_is(c, i, byline_ends, sizeof(byline_ends) / sizeof(byline_ends[0]));
}

/* Length (2 or 3) of a name starting at `i` that ends where Chinese text ends or
 * a title / byline verb starts; 0 when there is none. */
static int name_len_at(const struct py_conv *c, size_t i, int titles_only)
{
	for (size_t len = 2; len <= 3; len++) {
		if (!is_han_at(c, i + len - 1))
			return 0;
		if (is_title_at(c, i + len) ||
		    word_at_is(c, i + len, speech_verbs,
		               sizeof(speech_verbs) / sizeof(speech_verbs[0])))
			return (int)len;
		if (!titles_only && (!is_han_at(c, i + len) || is_byline_end_at(c, i + len)))
			return (int)len;
	}
	return 0;
}

static int is_name_separator(uint32_t cp)
{
	return cp == ' ' || cp == 0x3000 || cp == '/' || cp == 0xff1a || cp == ':' ||
	       cp == 0xff08 || cp == '(' || cp == 0x3001 || cp == 0xff0c || cp == ',';
}

/* 1 when the name starting at `i` follows a byline word ("记者 单明"), maybe after
 * other names of the same byline ("记者 王明 单华"). */
static int follows_byline(const struct py_conv *c, size_t i, int depth)
{
	size_t p = i;

	while (p > 0 && !PY_CH(c, p - 1)->han && i - p < 3 &&
	       is_name_separator(PY_CH(c, p - 1)->cp))
		p--;
	if (p == 0 || !PY_CH(c, p - 1)->han)
		return 0;
	if (word_is_any(c, PY_CH(c, p - 1)->word, byline_words,
	                sizeof(byline_words) / sizeof(byline_words[0])))
		return 1;
	if (p == i || depth == 0)
		return 0; /* a name must be set off by a separator */
	/* the Chinese run before the separator: another name of 2-3 characters? */
	size_t start = p;

	while (start > 0 && PY_CH(c, start - 1)->han && p - start < 4)
		start--;
	if (p - start < 2 || p - start > 3 || (start > 0 && PY_CH(c, start - 1)->han))
		return 0;
	return follows_byline(c, start, depth - 1);
}

/* The most common single-character surnames (for names with 一 in them). */
static const char common_surnames[] =
        "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘"
        "蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹"
        "薛闫段雷侯龙史陶黎贺顾毛郝龚邵钱严覃武戴莫孔汤易常温康施文牛樊葛邢安齐伍"
        "庞颜倪洪欧柳骆单解查盖仇区朴";

int py_is_common_surname(const struct py_conv *c, size_t i)
{
	size_t a = PY_CH(c, i)->soff, b = skey_end(c, i + 1), l = b - a;

	for (size_t k = 0; k + l <= sizeof(common_surnames) - 1; k += 3)
		if (l == 3 && !memcmp(common_surnames + k, c->skey.data + a, 3))
			return 1;
	return 0;
}

/* Classifiers: "向一位老师" is a count, not a name. */
static int is_classifier(uint32_t cp)
{
	static const uint32_t cls[] = {
	        0x4e2a, 0x4f4d, 0x540d, 0x6b21, 0x79cd, 0x4e9b, 0x4ef6, 0x5f20, 0x6761, 0x53ea,
	        0x672c, 0x5929, 0x5e74, 0x6708, 0x65e5, 0x70b9, 0x5757, 0x4efd, 0x6279, 0x5c4a,
	        0x671f, 0x9879, 0x5c42, 0x5bb6, 0x53e5, 0x58f0, 0x6b65, 0x7247, 0x56de, 0x573a,
	        0x987f, 0x4e0b, 0x9635, 0x8d77, 0x6240, 0x53f0, 0x8f86, 0x67b6, 0x5ea7, 0x95f4,
	        0x90e8, 0x6bb5, 0x53cc, 0x5bf9, 0x5957, 0x9897, 0x6839, 0x652f, 0x628a, 0x676f,
	        0x7897, 0x53e3, 0x5934, 0x5339, 0x8eab, 0x8fb9, 0x8def, 0x7ebf, 0x4f53, 0x5207,
	}; /* 个位名次种些件张条只本天年月日点块份批届期项层家句声步片回场顿下阵起所台辆架座间
	      部段双对套颗根支把杯碗口头匹身边路线体切 */
	return cp_in(cp, cls, sizeof(cls) / sizeof(cls[0]));
}

/* 一 as the second or third character of a person's name: in a byline ("记者
 * 丁一凡"), or after a common surname before a title or a verb of saying
 * ("王一鸣说"). */
static int yi_in_name(const struct py_conv *c, size_t i)
{
	if (word_len(c, i) != 1 || (is_han_at(c, i + 1) && is_classifier(PY_CH(c, i + 1)->scp)))
		return 0;
	for (size_t back = 1; back <= 2 && back <= i; back++) {
		size_t s = i - back;

		if (!PY_CH(c, s)->han || (s > 0 && PY_CH(c, s - 1)->han && back == 2 &&
		                          PY_WD(c, PY_CH(c, s)->word)->a != s))
			continue;
		if (follows_byline(c, s, 3) && name_len_at(c, s, 0) > (int)back)
			return 1;
		if (py_is_common_surname(c, s) && word_len(c, s) == 1 &&
		    (s == 0 || !PY_CH(c, s - 1)->han || word_len(c, s - 1) > 1) &&
		    name_len_at(c, s, 1) > (int)back)
			return 1;
	}
	return 0;
}

static void rule_surnames(struct py_conv *c)
{
	size_t n = PY_NCH(c);

	for (size_t i = 0; i < n; i++) {
		struct py_char *ch = PY_CH(c, i);
		const char *syl;

		if (!ch->han || ch->why == PY_WHY_OVERRIDE || !(syl = surname_reading(ch->scp)))
			continue;
		if (PY_WD(c, ch->word)->a != i)
			continue;
		int after_byline = follows_byline(c, i, 3);
		int single = word_len(c, i) == 1;
		int hit;

		if (after_byline)
			hit = name_len_at(c, i, 0) > 0;
		else
			/* a name starts here, not inside a transliteration ("弗缪尔") */
			hit = single &&
			      (i == 0 || !PY_CH(c, i - 1)->han || word_len(c, i - 1) > 1) &&
			      (is_title_at(c, i + 1) || name_len_at(c, i, 1) > 0);
		if (hit)
			set_syl(ch, syl, PY_WHY_RULE_SURNAME);
	}
}

/* ---- standalone polyphones ---- */

static int is_single_default(const struct py_conv *c, size_t i)
{
	const struct py_char *ch = PY_CH(c, i);

	return ch->han && word_len(c, i) == 1 &&
	       (ch->why == PY_WHY_CHAR || ch->why == PY_WHY_UNIHAN || ch->why == PY_WHY_CHAR_NAMES);
}

/* A polyphone the segmenter left alone is read as in the lexicon words that
 * cover it in this text, though the best path did not take them ("贬为" inside
 * "被贬为淮阴侯" votes for wei2); each word votes with its probability. Particles
 * (neutral by default) are left alone: a covering word there is a false match. */
static void rule_covering_words(struct py_conv *c)
{
	size_t n = PY_NCH(c);

	for (size_t i = 0; i < n; i++) {
		struct py_char *ch = PY_CH(c, i);
		struct py_word w;
		size_t a0 = ch->soff, a1 = skey_end(c, i + 1);

		if (!is_single_default(c, i) || tone_of(ch) == '5')
			continue;
		if (!py_lex_find(c->lex, c->skey.data + a0, a1 - a0, &w) || !w.alt ||
		    !memchr(w.alt, ' ', w.alt_len))
			continue; /* not a polyphone */
		char best[8] = "", cand[4][8];
		double score[4] = {0};
		int ncand = 0;

		for (size_t a = i >= 3 ? i - 3 : 0; a <= i; a++) {
			/* walk the prefixes from a; the first miss ends the walk */
			for (size_t b = a + 1; b <= i + 4 && b <= n && PY_CH(c, b - 1)->han; b++) {
				size_t ka = PY_CH(c, a)->soff, kb = skey_end(c, b);

				if (!PY_CH(c, a)->han ||
				    !py_lex_find(c->lex, c->skey.data + ka, kb - ka, &w))
					break;
				/* words only CEDICT has are as rare as the rarest: too
				 * weak to vote ("中的" zhong4 di4 is rarely meant) */
				if (b <= i || b - a < 2 || !(w.flags & LEXFMT_WORD) ||
				    (w.flags & LEXFMT_ADDED))
					continue;
				/* only words made of whole words of the best path: "暖和"
				 * must not vote inside "温暖|和" */
				if (PY_WD(c, PY_CH(c, a)->word)->a != a ||
				    PY_WD(c, PY_CH(c, b - 1)->word)->b != b)
					continue;
				char syl[8];
				int slot;

				if (!py_nth_syllable(w.py, w.py_len, i - a, syl))
					continue;
				for (slot = 0; slot < ncand; slot++)
					if (!strcmp(cand[slot], syl))
						break;
				if (slot == ncand) {
					if (ncand == 4)
						continue;
					strcpy(cand[slot], syl);
					ncand++;
				}
				score[slot] += exp(-(double)w.cost);
			}
		}
		double top = 0;

		for (int k = 0; k < ncand; k++) {
			if (score[k] > top) {
				top = score[k];
				strcpy(best, cand[k]);
			}
		}
		if (best[0] && strcmp(best, ch->syl))
			set_syl(ch, best, PY_WHY_RULE_CONTEXT);
	}
}

/* Characters that end an attribute noun (等级, 比例, 面积, 价格, 期限, 标准). */
static const uint32_t attribute_ends[] = {
        0x7ea7, 0x5ea6, 0x7387, 0x989d, 0x503c, 0x4f8b, 0x79ef, 0x683c, 0x9650, 0x51c6, 0x79f0,
}; /* 级度率额值例积格限准称 */

/* 1 when the number starting at `i` is the end of its clause or nearly so ("为四
 * 分钟。", "为三等，", "为30%"): then 为 before it is "to be"; a number that
 * goes on into a longer phrase is what 为 is done for ("为六十辆电动车充电"). */
static int number_ends_clause(const struct py_conv *c, size_t i)
{
	size_t n = PY_NCH(c), j = i, rest = 0;

	while (j < n && (is_numeral(c, j) || PY_CH(c, j)->cp == '.' || PY_CH(c, j)->cp == ',' ||
	                 PY_CH(c, j)->scp == 0x70b9 /* 点 */ || PY_CH(c, j)->scp == 0x591a ||
	                 PY_CH(c, j)->scp == 0x4f59 || PY_CH(c, j)->scp == 0x51e0 ||
	                 (PY_CH(c, j)->scp == 0x5206 /* 分之 */ && j + 1 < n &&
	                  PY_CH(c, j + 1)->scp == 0x4e4b) ||
	                 (PY_CH(c, j)->scp == 0x4e4b && j > i && PY_CH(c, j - 1)->scp == 0x5206)))
		j++;
	while (j + rest < n && PY_CH(c, j + rest)->han)
		rest++;
	return rest <= 3;
}

/* Chinese characters from i to the clause's end or to 的. */
static size_t taken_as_length(const struct py_conv *c, size_t i)
{
	size_t n = 0;

	while (is_han_at(c, i + n) && PY_CH(c, i + n)->scp != 0x7684 /* 的 */)
		n++;
	return n;
}

/* What follows 为 is someone something is done for: a pronoun (为他准备), a verb
 * with its aspect marker later in the clause (为职工提供了便利), or a long phrase
 * after 以 (以贴心服务为货车司机温暖护航). */
static int taken_for_someone(const struct py_conv *c, size_t i)
{
	size_t k;

	if (is_han_at(c, i + 1) && word_len(c, i + 1) <= 2 &&
	    py_char_is_one_of(c, i + 1, "他她它我你您咱"))
		return 1;
	for (k = i + 2; is_han_at(c, k); k++)
		if (word_len(c, k) == 1 && py_char_is_one_of(c, k, "了着过"))
			return 1;
	for (k = i; k > 0 && PY_CH(c, k - 1)->han; k--)
		if (PY_CH(c, k - 1)->scp == 0x4ee5 /* 以 */ && word_len(c, k - 1) == 1)
			return taken_as_length(c, i + 1) > 4;
	return 0;
}

/* Characters that end a noun naming who acts (总工会, 老师, 我们, 骑手, 企业). */
static const char agent_ends[] = "会局部委院所司团业位校师员者人们家手长工生户队组厂站店方";

/* 为 after a count (其中一个为, 一半为) or after a noun that names no one who
 * acts (劳动能力为四级伤残, 二层为售票大厅, 该片为纪录片) says what something is or
 * amounts to; after an agent it is what is done for someone (总工会为职工提供). */
static int after_plain_noun_or_count(const struct py_conv *c, size_t i)
{
	const struct py_wordspan *pw = PY_WD(c, PY_CH(c, i - 1)->word);

	if (py_is_count(c, pw->a, pw->b))
		return 1;
	return pw->b - pw->a >= 2 && pw->src == PY_SRC_LEX &&
	       !py_is_function_word(c, pw->a, pw->b) && !py_char_is_one_of(c, i - 1, agent_ends);
}

/* 为 is wei2 ("be, act as, become") after verbs and adverbs that take it as a
 * complement (改为, 认定为, 均为), before a number, and in 以…为; otherwise
 * it is the preposition wei4 ("for"), the common case in news text. */
static int wei2_context(const struct py_conv *c, size_t i)
{
	/* 成作称视定选改分变转评列译名设封立奉拜贬降升划认均原皆即乃实多则更最较极颇甚尤广添
	 * 换化誉择定任推聘召迁擢授徙讹册谥尊 */
	static const uint32_t before[] = {
	        0x6210, 0x4f5c, 0x79f0, 0x89c6, 0x5b9a, 0x9009, 0x6539, 0x5206, 0x53d8, 0x8f6c,
	        0x8bc4, 0x5217, 0x8bd1, 0x540d, 0x8bbe, 0x5c01, 0x7acb, 0x5949, 0x62dc, 0x8d2c,
	        0x964d, 0x5347, 0x5212, 0x8ba4, 0x5747, 0x539f, 0x7686, 0x5373, 0x4e43, 0x5b9e,
	        0x591a, 0x5219, 0x66f4, 0x6700, 0x8f83, 0x6781, 0x9887, 0x751a, 0x5c24, 0x5e7f,
	        0x6dfb, 0x6362, 0x5316, 0x8a89, 0x62e9, 0x5b9a, 0x4efb, 0x63a8, 0x8058, 0x53ec,
	        0x8fc1, 0x64e2, 0x6388, 0x5f99, 0x8bb9, 0x518c, 0x8c25, 0x5c0a,
	};
	/* verbs that make something into something else, earlier in the clause:
	 * 降甲为乙, 封某为王, 改县为市 (降改封立拜贬册追谥尊奉擢徙授召迁选评列视译升) */
	static const uint32_t make_into[] = {
	        0x964d, 0x6539, 0x5c01, 0x7acb, 0x62dc, 0x8d2c, 0x518c, 0x8ffd,
	        0x8c25, 0x5c0a, 0x5949, 0x64e2, 0x5f99, 0x6388, 0x53ec, 0x8fc1,
	        0x9009, 0x8bc4, 0x5217, 0x89c6, 0x8bd1, 0x5347,
	};

	for (size_t k = i, seen = 0; k > 0 && seen < 8; k--, seen++) {
		const struct py_char *p = PY_CH(c, k - 1);

		if (!p->han)
			break;
		if (k < i && word_len(c, k - 1) == 1 &&
		    cp_in(p->scp, make_into, sizeof(make_into) / sizeof(make_into[0])))
			return 1;
	}
	if (i > 0 && PY_CH(c, i - 1)->han &&
	    cp_in(PY_CH(c, i - 1)->scp, before, sizeof(before) / sizeof(before[0])))
		return 1;
	if (i > 0 && PY_CH(c, i - 1)->han) {
		static const char *const words[] = {"成长", "发展", "演变", "转变", "选举",
		                                    "任命", "评选", "确定", "规定", "翻译",
		                                    "命名", "划分", "定义", "简称", "统称",
		                                    "改称", "全部", "全都", "均"};
		const struct py_wordspan *pw = PY_WD(c, PY_CH(c, i - 1)->word);

		for (size_t k = 0; k < sizeof(words) / sizeof(words[0]); k++)
			if (py_span_is(c, pw->a, pw->b, words[k]))
				return 1;
	}
	if (is_numeral(c, i + 1) && number_ends_clause(c, i + 1))
		return 1;
	if (i > 0 && PY_CH(c, i - 1)->han && after_plain_noun_or_count(c, i))
		return !taken_for_someone(c, i);
	/* an attribute and its value: 等级为, 比例为, 价格为 */
	if (i > 0 && PY_CH(c, i - 1)->han && word_len(c, i - 1) >= 2 &&
	    cp_in(PY_CH(c, i - 1)->scp, attribute_ends,
	          sizeof(attribute_ends) / sizeof(attribute_ends[0])))
		return 1;
	/* 以 earlier in the same clause, maybe across an enumeration (以甲、乙为), and
	 * what it is taken as is short (以活动为契机，以人民为中心的); a longer phrase is
	 * what is done for someone (以贴心服务为货车司机温暖护航) */
	if (taken_as_length(c, i + 1) > 4)
		return 0;
	for (size_t k = i, seen = 0; k > 0 && seen < 20; k--, seen++) {
		const struct py_char *p = PY_CH(c, k - 1);

		if (!p->han) {
			if (p->cp == 0x3001 || p->cp == 0x201c || p->cp == 0x201d ||
			    p->cp == 0x300a || p->cp == 0x300b || p->cp == 0xb7)
				continue;
			break;
		}
		if (p->scp == 0x4ee5 && word_len(c, k - 1) == 1)
			return 1;
	}
	return 0;
}

static const uint32_t time_units[] = {0x5929, 0x65e5, 0x5468, 0x6708, 0x5e74}; /* 天日周月年 */

/* A person's name starts at `j`: a common surname, one or two more characters,
 * then the end of the Chinese text, 的, a title or a verb of saying. */
static int name_follows(const struct py_conv *c, size_t j)
{
	if (!is_han_at(c, j) || PY_WD(c, PY_CH(c, j)->word)->a != j || word_len(c, j) > 3 ||
	    !py_is_common_surname(c, j))
		return 0;
	for (size_t len = 2; len <= 3; len++) {
		size_t e = j + len;

		if (!is_han_at(c, j + len - 1))
			return 0;
		if (!is_han_at(c, e) || PY_CH(c, e)->scp == 0x7684 /* 的 */ || is_title_at(c, e) ||
		    word_at_is(c, e, speech_verbs, sizeof(speech_verbs) / sizeof(speech_verbs[0])))
			return 1;
	}
	return 0;
}

/* 长 standing alone after a one-character noun is "head of" (炉长, 组长) when a
 * title prefix or a verb of appointment comes before the noun (老炉长, 成长为炉长)
 * or a person's name follows (炉长王明); otherwise the lexicon's reading stays. */
static int head_of_unit(const struct py_conv *c, size_t i)
{
	static const uint32_t before[] = {0x8001, 0x526f, 0x603b,
	                                  0x4e3a, 0x4efb, 0x5f53}; /* 老副总为任当 */

	if (i == 0 || !PY_CH(c, i - 1)->han || word_len(c, i - 1) != 1)
		return 0;
	if (i >= 2 && PY_CH(c, i - 2)->han &&
	    cp_in(PY_CH(c, i - 2)->scp, before, sizeof(before) / sizeof(before[0])) &&
	    !is_han_at(c, i + 1))
		return 1;
	if (i >= 2 && PY_CH(c, i - 2)->han && word_len(c, i - 2) == 1 &&
	    cp_in(PY_CH(c, i - 2)->scp, before, 3))
		return 1;
	return name_follows(c, i + 1);
}

/* 干 is the verb gan4 with a complement or object ("干起", "干完", "干活", "干啥")
 * or an aspect marker and more ("干了三十年"); the adjective gan1 ("dry": "晾不
 * 干", "衣服干了") ends its clause. */
static int gan4_context(const struct py_conv *c, size_t i)
{
	static const uint32_t aspect[] = {0x4e86, 0x7740, 0x8fc7}; /* 了着过 */
	static const uint32_t object[] = {0x6d3b, 0x4e8b, 0x5565, 0x4ec0, 0x561b,
	                                  0x5417, 0x8d77, 0x5b8c, 0x5230}; /* 活事啥什嘛吗起完到 */

	if (!is_han_at(c, i + 1))
		return 0;
	uint32_t nx = PY_CH(c, i + 1)->scp;

	if (cp_in(nx, object, sizeof(object) / sizeof(object[0])))
		return 1;
	return cp_in(nx, aspect, sizeof(aspect) / sizeof(aspect[0])) && is_han_at(c, i + 2);
}

/* Complements of the verb 钉 (钉在, 钉上, 钉住, 钉死, 被钉十字架). */
static const uint32_t nail_after[] = {
        0x5728, 0x4e0a, 0x4f4f, 0x8fdb, 0x5165, 0x4e86,
        0x7740, 0x6b7b, 0x5341, 0x7262, 0x5230}; /* 在上住进入了着死十牢到 */
/* Where what is scattered goes (撒在, 撒上, 撒满, 撒向). */
static const uint32_t scatter_after[] = {
        0x5728, 0x4e0a, 0x4e0b, 0x5165, 0x6ee1, 0x843d,
        0x5230, 0x5411, 0x8fdb, 0x4e9b, 0x70b9}; /* 在上下入满落到向进些点 */
/* 藏 as the abbreviation of Tibet (藏军, 藏语, 川藏, 进藏). */
static const uint32_t
        tibet_after
                [] = {0x519b, 0x65cf, 0x8bed, 0x6587, 0x533a, 0x533b, 0x836f,
                      0x620f, 0x5317, 0x5357, 0x4e1c, 0x897f, 0x4eba, 0x5386,
                      0x50b3, 0x4f20, 0x5f0f, 0x7352, 0x9752}; /* 军族语文区医药戏北南东西人历傳传式獒青
                                                                */
static const uint32_t tibet_before[] = {
        0x5ddd, 0x9752, 0x6ec7, 0x5165, 0x8fdb, 0x63f4,
        0x9a7b, 0x6cbb, 0x8fdb, 0x51fa, 0x8fd4}; /* 川青滇入进援驻治进出返 */

/* 燕 as the state of Yan (前燕, 后燕, 南燕; 燕王, 燕国, 燕军, 燕赵). */
static const uint32_t yan_state_before[] = {
        0x524d, 0x540e, 0x5357, 0x5317, 0x897f,
        0x4e1c, 0x5165, 0x653b, 0x4f10, 0x6218}; /* 前后南北西东入攻伐战 */
static const uint32_t yan_state_after[] = {0x738b, 0x56fd, 0x519b, 0x8d75, 0x5730,
                                           0x90fd, 0x4e3b, 0x5c06, 0x4eba}; /* 王国军赵地都主将人 */

static int is_digit(const struct py_conv *c, size_t i)
{
	return i < PY_NCH(c) && PY_CH(c, i)->cp >= '0' && PY_CH(c, i)->cp <= '9';
}

/* Pronouns and adverbs before the verb 率 "lead" (他率军, 遂率兵, 亲率). */
static const uint32_t lead_subject[] = {
        0x4ed6, 0x5979, 0x5176, 0x6211, 0x4f60, 0x4eb2, 0x5e76, 0x9042, 0x4e43,
        0x5373, 0x53c8, 0x66fe, 0x518d, 0x81ea, 0x4eb2, 0x5c06}; /* 他她其我你亲并遂乃即又曾再自亲将
                                                                  */
static const uint32_t promoted[] = {0x8fc1, 0x64e2, 0x5b98, 0x8f6c,
                                    0x8d60, 0x8fdb, 0x52a0, 0x5c01}; /* 迁擢官转赠进加封 */
static const uint32_t transfer_to[] = {0x77e5, 0x5165, 0x56de, 0x79bb, 0x5f80,
                                       0x8d74, 0x4eac, 0x4efb, 0x5f80}; /* 知入回离往赴京任往 */

/* An opening quotation mark or title bracket with Chinese after it. */
static int opens_quote(const struct py_conv *c, size_t i)
{
	return i < PY_NCH(c) &&
	       (PY_CH(c, i)->cp == 0x201c || PY_CH(c, i)->cp == 0x2018 ||
	        PY_CH(c, i)->cp == 0x300a || PY_CH(c, i)->cp == 0x300c) &&
	       is_han_at(c, i + 1);
}

/* After a numeral or a demonstrative: a measure word. */
static int after_count(const struct py_conv *c, size_t i)
{
	static const uint32_t demonstratives[] = {0x51e0, 0x4e24, 0x8fd9, 0x90a3, 0x6bcf,
	                                          0x67d0, 0x54ea, 0x534a}; /* 几两这那每某哪半 */

	return i > 0 &&
	       (is_numeral(c, i - 1) || cp_in(PY_CH(c, i - 1)->scp, demonstratives,
	                                      sizeof(demonstratives) / sizeof(demonstratives[0])));
}

/* What follows a rate (出生率为, 增长率达, 利用率高): then 率 is lv4. */
static const uint32_t rate_after[] = {
        0x4e3a, 0x8fbe, 0x9ad8, 0x4f4e, 0x662f, 0x7684, 0x548c, 0x4e0e, 0x589e, 0x4e0b,
        0x964d, 0x63d0, 0x8d85, 0x4ec5, 0x7ea6, 0x5728, 0x4e3a, 0x6709, 0x6216, 0x53ca,
}; /* 为达高低是的和与增下降提超仅约在为有或及 */

static int standalone_translit(const struct py_conv *c, size_t i);

/* Function characters whose reading follows from their neighbours. */
static void rule_function_chars(struct py_conv *c)
{
	static const uint32_t demonstratives[] = {0x51e0, 0x4e24, 0x8fd9, 0x90a3, 0x6bcf,
	                                          0x67d0, 0x54ea, 0x4e00, 0x534a};
	/* 还就都也又可总你我他她们 */
	static const uint32_t dei_before[] = {0x8fd8, 0x5c31, 0x90fd, 0x4e5f, 0x53c8, 0x53ef,
	                                      0x603b, 0x4f60, 0x6211, 0x4ed6, 0x5979, 0x4eec};
	size_t n = PY_NCH(c);

	for (size_t i = 0; i < n; i++) {
		struct py_char *ch = PY_CH(c, i);

		if (!is_single_default(c, i))
			continue;
		int prev_han = i > 0 && PY_CH(c, i - 1)->han;
		int next_han = is_han_at(c, i + 1);
		int prev_word_len = prev_han ? word_len(c, i - 1) : 0;

		switch (ch->scp) {
		case 0x53ea: /* 只: a measure word after a numeral or demonstrative, else "only" */
			if (i > 0 && (is_numeral(c, i - 1) ||
			              cp_in(PY_CH(c, i - 1)->scp, demonstratives,
			                    sizeof(demonstratives) / sizeof(demonstratives[0]))))
				set_syl(ch, "zhi1", PY_WHY_RULE_CONTEXT);
			else
				set_syl(ch, "zhi3", PY_WHY_RULE_CONTEXT);
			break;
		case 0x4e3a: /* 为 */
			if (next_han || opens_quote(c, i + 1) || is_digit(c, i + 1))
				set_syl(ch, wei2_context(c, i) ? "wei2" : "wei4",
				        PY_WHY_RULE_CONTEXT);
			break;
		case 0x5730: /* 地: adverbial particle after a word of two or more syllables */
			if (prev_word_len >= 2 && next_han)
				set_syl(ch, "de5", PY_WHY_RULE_NEUTRAL);
			break;
		case 0x5f97: /* 得 */
			if (!next_han)
				break;
			/* the modal "must" opening a clause or after an adverb or pronoun
			 * ("，得请假", "还得去", "我得走") */
			if (!prev_han || cp_in(PY_CH(c, i - 1)->scp, dei_before,
			                       sizeof(dei_before) / sizeof(dei_before[0])))
				set_syl(ch, "dei3", PY_WHY_RULE_CONTEXT);
			else /* between a verb and its complement ("做得好") a particle */
				set_syl(ch, "de5", PY_WHY_RULE_NEUTRAL);
			break;
		case 0x5047: /* 假: leave after a length of time ("请三天假") */
			if (prev_han && cp_in(PY_CH(c, i - 1)->scp, time_units,
			                      sizeof(time_units) / sizeof(time_units[0])))
				set_syl(ch, "jia4", PY_WHY_RULE_CONTEXT);
			break;
		case 0x957f: /* 长: the head of a unit ("老炉长", "为组长", "炉长王明"); "grow"
		              * before 得 and 出 */
			if (head_of_unit(c, i) ||
			    (next_han && (PY_CH(c, i + 1)->scp == 0x5f97 /* 长得: grow */ ||
			                  PY_CH(c, i + 1)->scp == 0x51fa /* 长出 */)))
				set_syl(ch, "zhang3", PY_WHY_RULE_CONTEXT);
			break;
		case 0x6247: /* 扇: a measure word (一扇门) or the noun "fan" */
			if (after_count(c, i) ||
			    (next_han && (PY_CH(c, i + 1)->scp == 0x72b6 /* 状 */ ||
			                  PY_CH(c, i + 1)->scp == 0x5f62 /* 形 */)))
				set_syl(ch, "shan4", PY_WHY_RULE_CONTEXT);
			break;
		case 0x5f04: /* 弄: a numbered lane ("40弄") */
			if (after_count(c, i))
				set_syl(ch, "long4", PY_WHY_RULE_CONTEXT);
			break;
		case 0x54e9: /* 哩: the mile ("20哩"); inside a name (迈达哩呼图克图) too */
			if (after_count(c, i) || (prev_han && next_han))
				set_syl(ch, "li3", PY_WHY_RULE_CONTEXT);
			break;
		case 0x7387: /* 率: "lead" before what is led (率军, 率团); "rate" is a suffix */
			if (next_han &&
			    (!prev_han || cp_in(PY_CH(c, i - 1)->scp, lead_subject,
			                        sizeof(lead_subject) / sizeof(lead_subject[0]))))
				set_syl(ch, "shuai4", PY_WHY_RULE_CONTEXT);
			else if (next_han && prev_han && prev_word_len >= 2 &&
			         !cp_in(PY_CH(c, i + 1)->scp, rate_after,
			                sizeof(rate_after) / sizeof(rate_after[0])))
				set_syl(ch, "shuai4", PY_WHY_RULE_CONTEXT);
			break;
		case 0x9489: /* 钉: the verb ding4 before where or how it is nailed */
			if (next_han && cp_in(PY_CH(c, i + 1)->scp, nail_after,
			                      sizeof(nail_after) / sizeof(nail_after[0])))
				set_syl(ch, "ding4", PY_WHY_RULE_CONTEXT);
			break;
		case 0x6492: /* 撒: sa3 "sprinkle" before where it falls */
			if (next_han && cp_in(PY_CH(c, i + 1)->scp, scatter_after,
			                      sizeof(scatter_after) / sizeof(scatter_after[0])))
				set_syl(ch, "sa3", PY_WHY_RULE_CONTEXT);
			break;
		case 0x54b3: /* 咳: "cough"; the interjection hai1 opens a clause on its own */
			if (prev_han || next_han)
				set_syl(ch, "ke2", PY_WHY_RULE_CONTEXT);
			break;
		case 0x85cf: /* 藏: zang4, Tibet, before its people, army, language ... */
			if ((next_han && cp_in(PY_CH(c, i + 1)->scp, tibet_after,
			                       sizeof(tibet_after) / sizeof(tibet_after[0]))) ||
			    (prev_han && cp_in(PY_CH(c, i - 1)->scp, tibet_before,
			                       sizeof(tibet_before) / sizeof(tibet_before[0]))))
				set_syl(ch, "zang4", PY_WHY_RULE_CONTEXT);
			break;
		case 0x6734: /* 朴: pu3 "plain" lives in words (朴素); alone the surname Piao2,
		              * unless it spells a foreign name (朴茨茅斯) */
			if (!standalone_translit(c, i + 1) && next_han && prev_word_len != 1)
				set_syl(ch, "piao2", PY_WHY_RULE_SURNAME);
			break;
		case 0x7d2f: /* 累: lei3 "repeatedly" before a promotion (累迁, 累官至) */
			if (next_han && cp_in(PY_CH(c, i + 1)->scp, promoted,
			                      sizeof(promoted) / sizeof(promoted[0])))
				set_syl(ch, "lei3", PY_WHY_RULE_CONTEXT);
			break;
		case 0x8c03: /* 调: diao4 "transfer" before where one is sent (调知, 调回) */
			if (next_han && cp_in(PY_CH(c, i + 1)->scp, transfer_to,
			                      sizeof(transfer_to) / sizeof(transfer_to[0])))
				set_syl(ch, "diao4", PY_WHY_RULE_CONTEXT);
			break;
		case 0x4f2f: /* 伯: bai3 only inside 大伯子 */
			set_syl(ch, "bo2", PY_WHY_RULE_CONTEXT);
			break;
		case 0x86e4: /* 蛤: ha2 only inside 蛤蟆; alone the clam */
			set_syl(ch, "ge2", PY_WHY_RULE_CONTEXT);
			break;
		case 0x71d5: /* 燕: the state Yan1 (前燕, 燕王, 燕国); the swallow is yan4 */
			if ((prev_han &&
			     cp_in(PY_CH(c, i - 1)->scp, yan_state_before,
			           sizeof(yan_state_before) / sizeof(yan_state_before[0]))) ||
			    (next_han &&
			     cp_in(PY_CH(c, i + 1)->scp, yan_state_after,
			           sizeof(yan_state_after) / sizeof(yan_state_after[0]))))
				set_syl(ch, "yan1", PY_WHY_RULE_CONTEXT);
			break;
		case 0x4f9b: /* 供: "supply, for" before what is supplied (供学员使用) */
			if (next_han)
				set_syl(ch, "gong1", PY_WHY_RULE_CONTEXT);
			break;
		case 0x5939: /* 夹: jia2 only in a few words (夹袄); alone "press, clip" */
			set_syl(ch, "jia1", PY_WHY_RULE_CONTEXT);
			break;
		case 0x5e72: /* 干: "do, work" before an aspect marker and more, or its object */
			if (gan4_context(c, i))
				set_syl(ch, "gan4", PY_WHY_RULE_CONTEXT);
			break;
		case 0x91cf: /* 量: "amount" as a suffix of a noun */
			if (prev_word_len >= 2 || (prev_han && !next_han))
				set_syl(ch, "liang4", PY_WHY_RULE_CONTEXT);
			break;
		default:
			break;
		}
	}
}

/* ---- transliterations ---- */

/* Characters with one reading that spell foreign names (斯, 尔, 特 ...). */
static const char translit_chars[] =
        "斯尔特克拉亚姆布里勒博迈德尼诺娜莎丝蒂露蜜米哈喀沙塔巴维伊阿奥埃格罗泰萨曼"
        "森兰纳普莱卢芒希索戈弗菲佩贝洛科库瓦叻茨丹妮琳娅蕾黛妮翁乌艾雅吉基托蒙麦"
        "西雷";

static int is_translit_char(const struct py_conv *c, size_t i)
{
	size_t a = PY_CH(c, i)->soff, b = skey_end(c, i + 1);

	if (b - a != 3)
		return 0;
	for (size_t k = 0; k + 3 <= sizeof(translit_chars) - 1; k += 3)
		if (!memcmp(translit_chars + k, c->skey.data + a, 3))
			return 1;
	return 0;
}

/* The reading a polyphone has when it spells a foreign name. */
static const struct surname translit_readings[] = {
        {0x585e, "sai4"}, /* 塞 */
        {0x4ec0, "shi2"}, /* 什 */
        {0x831c, "xi1"},  /* 茜 */
        {0x5587, "la3"},  /* 喇 */
        {0x5475, "he1"},  /* 呵 */
        {0x4f3d, "jia1"}, /* 伽 */
        {0x67cf, "bo2"},  /* 柏 */
        {0x7f2a, "miu4"}, /* 缪 */
        {0x6492, "sa1"},  /* 撒 */
};

static int standalone_translit(const struct py_conv *c, size_t i)
{
	return is_han_at(c, i) && word_len(c, i) == 1 &&
	       (is_translit_char(c, i) || PY_CH(c, i)->scp == 0x831c);
}

/* A word of the lexicon that starts with a polyphone of translit_readings and
 * goes on in characters that spell foreign names (塞斯, 塞西尔, 呵叻) is a name:
 * the transliteration reading (sai4 as in 塞尔维亚; the word list reads some of
 * them sai1, "stuff", or ke1). */
static void translit_words(struct py_conv *c)
{
	for (size_t w = 0; w < PY_NWD(c); w++) {
		const struct py_wordspan *wd = PY_WD(c, w);
		struct py_char *first = PY_CH(c, wd->a);
		const char *syl = NULL;
		size_t k = wd->a + 1;

		if (wd->b - wd->a < 2 || wd->src != PY_SRC_LEX || first->why == PY_WHY_OVERRIDE)
			continue;
		for (size_t r = 0; r < sizeof(translit_readings) / sizeof(translit_readings[0]);
		     r++)
			if (translit_readings[r].cp == first->scp)
				syl = translit_readings[r].syl;
		if (!syl || !strcmp(first->syl, syl))
			continue;
		while (k < wd->b && is_translit_char(c, k))
			k++;
		if (k == wd->b)
			set_syl(first, syl, PY_WHY_RULE_CONTEXT);
	}
}

/* A polyphone standing alone next to characters that spell foreign names
 * ("博塞", "露茜德", "希什曼") is part of the name: its transliteration
 * reading. 什 alone is shi2 anyway: shen2 only in 什么, a word. */
static void rule_transliteration(struct py_conv *c)
{
	size_t n = PY_NCH(c);

	for (size_t i = 0; i < n; i++) {
		struct py_char *ch = PY_CH(c, i);
		const char *syl = NULL;

		if (!is_single_default(c, i))
			continue;
		for (size_t k = 0; k < sizeof(translit_readings) / sizeof(translit_readings[0]);
		     k++)
			if (translit_readings[k].cp == ch->scp)
				syl = translit_readings[k].syl;
		if (!syl)
			continue;
		if (ch->scp == 0x4ec0 || (i > 0 && standalone_translit(c, i - 1)) ||
		    standalone_translit(c, i + 1))
			set_syl(ch, syl, PY_WHY_RULE_CONTEXT);
	}
	translit_words(c);
}

/* ---- 着 ---- */

/* 着 is zhao2 as a potential complement ("管得着", "找不着": can reach); the
 * word 穿着 ("attire", zhuo2) is the verb 穿 and the aspect marker zhe5 when
 * what is worn follows ("穿着一件外套", "穿著西裝"). */
static void rule_zhe(struct py_conv *c)
{
	static const char *const attire_after[] = {"打扮", "得",   "很",   "朴素", "讲究",
	                                           "整齐", "整洁", "时尚", "风格", "考究",
	                                           "得体", "随意", "也",   "要",   "和"};
	size_t n = PY_NCH(c);

	for (size_t i = 1; i < n; i++) {
		struct py_char *ch = PY_CH(c, i);
		struct py_char *prev = PY_CH(c, i - 1);

		/* 著 as written where it makes a word with it (穿著) */
		if (!ch->han || (ch->scp != 0x7740 && ch->scp != 0x8457) ||
		    ch->why == PY_WHY_OVERRIDE || !prev->han)
			continue;
		if (word_len(c, i) == 1 && (prev->scp == 0x5f97 || prev->scp == CP_BU)) {
			set_syl(ch, "zhao2", PY_WHY_RULE_CONTEXT);
			continue;
		}
		if (word_len(c, i) == 2 && prev->scp == 0x7a7f /* 穿 */ &&
		    !strcmp(ch->syl, "zhuo2") && is_han_at(c, i + 1) &&
		    !(i >= 2 && PY_CH(c, i - 2)->scp == 0x7684 /* 的 */) &&
		    !word_at_is(c, i + 1, attire_after,
		                sizeof(attire_after) / sizeof(attire_after[0])))
			set_syl(ch, "zhe5", PY_WHY_RULE_NEUTRAL);
	}
}

/* The character's neutral reading from the lexicon ("bei5" for 呗), or its
 * default with tone 5. */
static void neutral_reading(const struct py_conv *c, size_t i, char *out, size_t cap)
{
	const struct py_char *ch = PY_CH(c, i);
	size_t a = ch->soff, b = skey_end(c, i + 1);
	struct py_word w;

	char syl[8];

	if (py_lex_find(c->lex, c->skey.data + a, b - a, &w) && w.alt)
		for (size_t k = 0; py_nth_syllable(w.alt, w.alt_len, k, syl); k++)
			if (syl[strlen(syl) - 1] == '5' && strlen(syl) < cap) {
				memcpy(out, syl, strlen(syl) + 1);
				return;
			}
	snprintf(out, cap, "%s", ch->syl);
	if (out[0])
		out[strlen(out) - 1] = '5';
}

/* Sentence-final particles (走啦。 是呗): neutral after a word, before
 * punctuation or the end; not doubled (啦啦队). Standing first they are
 * interjections (哦！), and 哩 after a number is the mile. */
static void rule_final_particles(struct py_conv *c)
{
	static const uint32_t particles[] = {0x5566, 0x54df, 0x54e6, 0x54af, 0x5594,
	                                     0x5457, 0x54c7, 0x561e, 0x5450, 0x5662,
	                                     0x5537, 0x54e9, 0x55bd, 0x5570};
	size_t n = PY_NCH(c);

	for (size_t i = 1; i < n; i++) {
		struct py_char *ch = PY_CH(c, i);
		char syl[sizeof(ch->syl)];

		if (!ch->han || !is_han_at(c, i - 1) || is_han_at(c, i + 1) ||
		    (i + 1 < n && PY_CH(c, i + 1)->cp < 0x80 &&
		     isalnum((int)PY_CH(c, i + 1)->cp)) ||
		    !is_single_default(c, i) || PY_CH(c, i - 1)->scp == ch->scp ||
		    !cp_in(ch->scp, particles, sizeof(particles) / sizeof(particles[0])) ||
		    (ch->scp == 0x54e9 && is_numeral(c, i - 1)))
			continue;
		neutral_reading(c, i, syl, sizeof(syl));
		set_syl(ch, syl, PY_WHY_RULE_NEUTRAL);
	}
}

/* 边 after a direction (东边, 右边, 西南边, 里边) is the neutral locative
 * suffix; 旁边, 海边, 这边 keep their tone, and so does 边 starting a word
 * (东|边境). */
static void rule_locative_bian(struct py_conv *c)
{
	static const uint32_t directions[] = {0x4e0a, 0x4e0b, 0x5de6, 0x53f3, 0x524d, 0x540e,
	                                      0x91cc, 0x5916, 0x4e1c, 0x5357, 0x897f, 0x5317};
	size_t n = PY_NCH(c);

	for (size_t i = 1; i < n; i++) {
		struct py_char *ch = PY_CH(c, i);

		if (ch->han && ch->scp == 0x8fb9 && is_han_at(c, i - 1) &&
		    ch->why != PY_WHY_OVERRIDE && PY_WD(c, ch->word)->b == i + 1 &&
		    cp_in(PY_CH(c, i - 1)->scp, directions,
		          sizeof(directions) / sizeof(directions[0])))
			set_tone(ch, '5', PY_WHY_RULE_NEUTRAL);
	}
}

/* A year is named before character i: two or more digits before 年 (2015年,
 * 二零一五年, 九七年); a count of years is said with 十 or 百 (四十年). */
static int year_named_before(const struct py_conv *c, size_t i)
{
	for (size_t j = i; j-- > 2;) {
		size_t n = 0;

		if (!PY_CH(c, j)->han || PY_CH(c, j)->scp != 0x5e74 /* 年 */)
			continue;
		while (n < j && (is_digit(c, j - n - 1) ||
		                 (PY_CH(c, j - n - 1)->han &&
		                  py_char_is_one_of(c, j - n - 1, "零〇一二三四五六七八九"))))
			n++;
		if (n >= 2)
			return 1;
	}
	return 0;
}

/* 当 with a part of the day is "that same" day, evening, night (当天, 当晚, 当日,
 * 当夜): dang4; 当年 is "that same year" after a year was named ("二零一五年投产，
 * 当年就…") and "back then" otherwise (dang1). 当月 stays dang1, as CPP reads it. */
static void rule_dang_same_time(struct py_conv *c)
{
	size_t n = PY_NCH(c);

	for (size_t i = 0; i + 1 < n; i++) {
		struct py_char *ch = PY_CH(c, i);

		if (!ch->han || ch->scp != 0x5f53 /* 当 */ || ch->why == PY_WHY_OVERRIDE ||
		    word_len(c, i) != 2 || PY_WD(c, ch->word)->a != i)
			continue;
		if (py_char_is_one_of(c, i + 1, "天晚日夜") ||
		    (PY_CH(c, i + 1)->scp == 0x5e74 /* 年 */ && year_named_before(c, i)))
			set_syl(ch, "dang4", PY_WHY_RULE_CONTEXT);
	}
}

void py_apply_rules(struct py_conv *c)
{
	rule_dang_same_time(c);
	rule_zhe(c);
	rule_transliteration(c);
	rule_function_chars(c);
	rule_covering_words(c);
	rule_erhua(c);
	rule_kinship(c);
	rule_final_particles(c);
	rule_locative_bian(c);
	rule_surnames(c);
	rule_yi_bu(c);
}
