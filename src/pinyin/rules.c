/*
 * Rules for what the lexicon cannot decide from one word: 一/不 sandhi across
 * word boundaries, neutral tone of reduplicated kinship terms, erhua, surname
 * readings in bylines and before titles. Third-tone sandhi is eSpeak NG's.
 */
#include "pinyin/conv.h"

#include "pinyin/lexfmt.h"

#include <math.h>
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

/* 一 and 不 standing alone take their sandhi tone from the next syllable; inside
 * words the lexicon already has it. 一 counting or ordinal keeps tone 1. */
static void rule_yi_bu(struct py_conv *c)
{
	size_t n = PY_NCH(c);

	for (size_t i = 0; i < n; i++) {
		struct py_char *ch = PY_CH(c, i);

		if (!ch->han || (ch->scp != CP_YI && ch->scp != CP_BU) || word_len(c, i) != 1 ||
		    ch->why == PY_WHY_OVERRIDE)
			continue;
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

/* A word-final 儿 the lexicon reads neutral is rhotacization: "r5". */
static void rule_erhua(struct py_conv *c)
{
	for (size_t w = 0; w < PY_NWD(c); w++) {
		const struct py_wordspan *wd = PY_WD(c, w);
		struct py_char *last = PY_CH(c, wd->b - 1);

		if (wd->b - wd->a >= 2 && last->scp == CP_ER && !strcmp(last->syl, "er5") &&
		    last->why != PY_WHY_OVERRIDE)
			set_syl(last, "r5", PY_WHY_RULE_ERHUA);
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
	       (ch->why == PY_WHY_CHAR || ch->why == PY_WHY_UNIHAN);
}

static size_t skey_end(const struct py_conv *c, size_t i)
{
	return i < PY_NCH(c) ? PY_CH(c, i)->soff : c->skey.len;
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
				if (b <= i || b - a < 2 || !(w.flags & LEXFMT_WORD))
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

/* 为 is wei2 ("be, act as, become") after verbs and adverbs that take it as a
 * complement (改为, 认定为, 均为), before a number, and in 以…为; otherwise
 * it is the preposition wei4 ("for"), the common case in news text. */
static int wei2_context(const struct py_conv *c, size_t i)
{
	static const uint32_t before[] = {
	        0x6210, 0x4f5c, 0x79f0, 0x89c6, 0x5b9a, 0x9009, 0x6539, 0x5206, 0x53d8, 0x8f6c,
	        0x8bc4, 0x5217, 0x8bd1, 0x540d, 0x8bbe, 0x5c01, 0x7acb, 0x5949, 0x62dc, 0x8d2c,
	        0x964d, 0x5347, 0x5212, 0x8ba4, 0x5747, 0x539f, 0x7686, 0x5373, 0x4e43, 0x5b9e,
	        0x591a, 0x5219, 0x66f4, 0x6700, 0x8f83, 0x6781, 0x9887, 0x751a, 0x5c24, 0x5e7f,
	        0x6dfb, 0x6362, 0x5316, 0x8a89, 0x62e9, 0x5b9a, 0x4efb, 0x63a8, 0x8058, 0x8058,
	}; /* 成作称视定选改分变转评列译名设封立奉拜贬降升划认均原皆即乃实多则更最较极颇甚尤广添换化誉择定任推聘
	    */
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
	if (is_numeral(c, i + 1))
		return 1;
	/* 以 earlier in the same clause */
	for (size_t k = i; k > 0 && i - k < 12; k--) {
		const struct py_char *p = PY_CH(c, k - 1);

		if (!p->han)
			break;
		if (p->scp == 0x4ee5 && word_len(c, k - 1) == 1)
			return 1;
	}
	return 0;
}

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
			if (next_han)
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
		case 0x91cf: /* 量: "amount" as a suffix of a noun */
			if (prev_word_len >= 2 || (prev_han && !next_han))
				set_syl(ch, "liang4", PY_WHY_RULE_CONTEXT);
			break;
		default:
			break;
		}
	}
}

void py_apply_rules(struct py_conv *c)
{
	rule_function_chars(c);
	rule_covering_words(c);
	rule_erhua(c);
	rule_kinship(c);
	rule_surnames(c);
	rule_yi_bu(c);
}
