/*
 * phrase — prosodic phrasing inside clauses (docs/prosody.md).
 *
 * A stretch is the text between two pause marks (，、。！？；：…, a dash); the
 * synthesizer pauses at those by itself. A stretch long enough to be read in
 * more than one breath is cut into prosodic phrases at word boundaries:
 *
 *  - atoms are the segmenter's words (and runs of Latin letters or digits);
 *  - a boundary between two atoms may take a break unless it would split what
 *    belongs together: after a preposition, adverb, conjunction, pronoun,
 *    demonstrative or number (they lean on what follows), before a particle or
 *    localizer (they lean on what precedes), next to a one-character word that
 *    is none of these (most often a piece of a name or of a word the lexicon
 *    lacks), or at a joining mark (·, -);
 *  - an allowed boundary scores by what it separates: a conjunction, a verb of
 *    saying and its clause, the subject and the adverb or preposition opening
 *    the predicate, the end of an adverbial (a localizer), the copula, a verb
 *    with its aspect marker and a long object, the end of a 的-phrase, a quote;
 *  - breaks are chosen per stretch by dynamic programming: each break earns its
 *    score less a fixed cost, each phrase pays for being shorter than 5 or
 *    longer than 12 syllables, and no phrase is shorter than 3.
 *
 * The breaks go to c->breaks in order; the writers print them (a `|` token,
 * separate utterances for the synthesizer) and explain says why.
 */
#include "pinyin/conv.h"

#include <string.h>

/* Stretches shorter than this are one phrase. */
#define STRETCH_MIN 15
/* Phrases: never shorter than PHRASE_MIN; cost outside [PHRASE_SHORT, PHRASE_LONG]. */
#define PHRASE_MIN   3
#define PHRASE_SHORT 5
#define PHRASE_LONG  12
#define COST_SHORT   1.0f  /* per syllable under PHRASE_SHORT */
#define COST_LONG    0.2f  /* per syllable over PHRASE_LONG */
#define PHRASE_MAX   24    /* beyond this a phrase costs more: a break anywhere beats it */
#define COST_MAX     0.5f  /* per syllable over PHRASE_MAX, on top of COST_LONG */
#define PHRASE_CAP   48    /* no chain of breaks has a longer phrase (the DP's window) */
#define COST_BREAK   2.5f  /* every break */
#define PLAIN_SCORE  0.01f /* a boundary with nothing to say for it */

/* Measure words after which a number names a time, not a count of what follows. */
static const char time_measures[] = "年月日天周时点号岁";

enum {
	CL_PREP = 1 << 0,
	CL_LOCATIVE = 1 << 1, /* 在, 于: also the complement of a verb (放在, 位于) */
	CL_ADV = 1 << 2,      /* adverbs and auxiliaries */
	CL_CONJ = 1 << 3,
	CL_COORD = 1 << 4, /* joins words or numbers (和, 到): leans both ways */
	CL_SAY = 1 << 5,   /* verbs whose object is a clause, said or perceived */
	CL_COPULA = 1 << 6,
	CL_PRON = 1 << 7,     /* pronouns and demonstratives: lean on what follows */
	CL_PARTICLE = 1 << 8, /* lean on what precedes */
	CL_ASPECT = 1 << 9,
	CL_DE = 1 << 10,
	CL_LOC = 1 << 11,      /* localizers */
	CL_TEMPORAL = 1 << 12, /* localizers that end a time clause (以来, 期间) */
	CL_TIME = 1 << 13,     /* time words: before an adverb they belong to the predicate */
	CL_NUMBER = 1 << 14,   /* a number, or a count, leans on what it counts */
	CL_SINGLE = 1 << 15,   /* a one-character word of no class above */
	CL_LATIN = 1 << 17,
};

/* Leans on what follows / on what precedes: no break after / before it. */
#define LEANS_RIGHT (CL_PREP | CL_ADV | CL_CONJ | CL_COORD | CL_PRON | CL_NUMBER)
#define LEANS_LEFT  (CL_PARTICLE | CL_LOC | CL_COORD)

/* The function words, sorted by their UTF-8 bytes (py_phrase_table_sorted checks). */
static const struct word_class {
	const char *word;
	uint32_t cls;
} word_classes[] = {
        {"一同", CL_ADV},
        {"一带", CL_LOC},
        {"一律", CL_ADV},
        {"一样", CL_PARTICLE},
        {"一直", CL_ADV},
        {"一起", CL_ADV},
        {"上", CL_LOC},
        {"上下", CL_LOC},
        {"上午", CL_TIME},
        {"下", CL_LOC},
        {"下午", CL_TIME},
        {"不", CL_ADV},
        {"不仅", CL_CONJ},
        {"不会", CL_ADV},
        {"不再", CL_ADV},
        {"不断", CL_ADV},
        {"不是", CL_COPULA},
        {"不能", CL_ADV},
        {"与", CL_COORD},
        {"中", CL_LOC},
        {"中午", CL_TIME},
        {"为", CL_PREP},
        {"为了", CL_PREP},
        {"为什么", CL_ADV},
        {"主动", CL_ADV},
        {"乃", CL_ADV},
        {"之", CL_PARTICLE},
        {"之下", CL_LOC},
        {"之中", CL_LOC},
        {"之前", CL_LOC | CL_TEMPORAL},
        {"之后", CL_LOC | CL_TEMPORAL | CL_TIME},
        {"之间", CL_LOC},
        {"之际", CL_LOC | CL_TEMPORAL},
        {"也", CL_ADV},
        {"也会", CL_ADV},
        {"也在", CL_ADV},
        {"也将", CL_ADV},
        {"也是", CL_COPULA},
        {"也能", CL_ADV},
        {"也都", CL_ADV},
        {"了", CL_PARTICLE | CL_ASPECT},
        {"了解到", CL_SAY},
        {"于", CL_PREP | CL_LOCATIVE},
        {"亦", CL_ADV},
        {"亲自", CL_ADV},
        {"仅", CL_ADV},
        {"仅仅", CL_ADV},
        {"今后", CL_TIME},
        {"今天", CL_TIME},
        {"今年", CL_TIME},
        {"介绍", CL_SAY},
        {"仍", CL_ADV},
        {"仍然", CL_ADV},
        {"从", CL_PREP},
        {"从而", CL_CONJ},
        {"他", CL_PRON},
        {"他们", CL_PRON},
        {"以", CL_PREP},
        {"以上", CL_LOC},
        {"以下", CL_LOC},
        {"以东", CL_LOC},
        {"以便", CL_CONJ},
        {"以免", CL_CONJ},
        {"以内", CL_LOC},
        {"以前", CL_LOC | CL_TEMPORAL | CL_TIME},
        {"以北", CL_LOC},
        {"以南", CL_LOC},
        {"以及", CL_CONJ},
        {"以后", CL_LOC | CL_TEMPORAL},
        {"以外", CL_LOC},
        {"以来", CL_LOC | CL_TEMPORAL},
        {"以西", CL_LOC},
        {"们", CL_PARTICLE},
        {"会", CL_ADV},
        {"似的", CL_PARTICLE},
        {"但", CL_CONJ},
        {"但是", CL_CONJ},
        {"作为", CL_PREP},
        {"你", CL_PRON},
        {"你们", CL_PRON},
        {"依托", CL_PREP},
        {"依旧", CL_ADV},
        {"依法", CL_ADV},
        {"依然", CL_ADV},
        {"依靠", CL_PREP},
        {"便", CL_ADV},
        {"借助", CL_PREP},
        {"先", CL_ADV},
        {"先后", CL_ADV},
        {"全力", CL_ADV},
        {"全部", CL_ADV},
        {"全都", CL_ADV},
        {"共", CL_ADV},
        {"共同", CL_ADV},
        {"关于", CL_PREP},
        {"其", CL_PRON},
        {"内", CL_LOC},
        {"再", CL_ADV},
        {"凌晨", CL_TIME},
        {"几乎", CL_ADV},
        {"凭", CL_PREP},
        {"凭借", CL_PREP},
        {"分别", CL_ADV},
        {"切实", CL_ADV},
        {"刚刚", CL_ADV},
        {"利用", CL_PREP},
        {"到", CL_COORD},
        {"前", CL_LOC},
        {"即", CL_ADV},
        {"即使", CL_CONJ},
        {"即可", CL_ADV},
        {"却", CL_ADV},
        {"却是", CL_CONJ},
        {"去年", CL_TIME},
        {"又", CL_ADV},
        {"及", CL_COORD},
        {"及时", CL_ADV},
        {"发现", CL_SAY},
        {"另", CL_ADV},
        {"只", CL_ADV},
        {"只是", CL_ADV},
        {"只有", CL_ADV},
        {"只要", CL_CONJ},
        {"只需", CL_ADV},
        {"只需要", CL_ADV},
        {"可", CL_ADV},
        {"可以", CL_ADV},
        {"各", CL_PRON},
        {"同", CL_PREP},
        {"同时", CL_CONJ},
        {"同期", CL_TIME},
        {"同样", CL_ADV},
        {"同步", CL_ADV},
        {"同比", CL_ADV},
        {"后", CL_LOC},
        {"向", CL_PREP},
        {"吗", CL_PARTICLE},
        {"吧", CL_PARTICLE},
        {"呀", CL_PARTICLE},
        {"呢", CL_PARTICLE},
        {"周边", CL_LOC},
        {"和", CL_COORD},
        {"啊", CL_PARTICLE},
        {"嘛", CL_PARTICLE},
        {"因为", CL_CONJ},
        {"因此", CL_CONJ},
        {"围绕", CL_PREP},
        {"在", CL_PREP | CL_LOCATIVE},
        {"地", CL_PARTICLE},
        {"均", CL_ADV},
        {"均已", CL_ADV},
        {"坦言", CL_SAY},
        {"基于", CL_PREP},
        {"基本", CL_ADV},
        {"基础上", CL_LOC},
        {"境内", CL_LOC},
        {"外", CL_LOC},
        {"大力", CL_ADV},
        {"大家", CL_PRON},
        {"大约", CL_ADV},
        {"她", CL_PRON},
        {"她们", CL_PRON},
        {"如今", CL_TIME},
        {"如何", CL_ADV},
        {"如果", CL_CONJ},
        {"始终", CL_ADV},
        {"它", CL_PRON},
        {"宣布", CL_SAY},
        {"对", CL_PREP},
        {"对于", CL_PREP},
        {"将", CL_ADV},
        {"将于", CL_ADV},
        {"将会", CL_ADV},
        {"将要", CL_ADV},
        {"尤其", CL_ADV},
        {"就", CL_ADV},
        {"就是", CL_COPULA},
        {"就能", CL_ADV},
        {"就要", CL_ADV},
        {"届时", CL_TIME},
        {"属于", CL_COPULA},
        {"左右", CL_LOC},
        {"已", CL_ADV},
        {"已于", CL_ADV},
        {"已有", CL_ADV},
        {"已经", CL_ADV},
        {"平时", CL_TIME},
        {"年内", CL_TIME},
        {"并", CL_CONJ},
        {"并且", CL_CONJ},
        {"应", CL_ADV},
        {"应当", CL_ADV},
        {"应该", CL_ADV},
        {"建议", CL_SAY},
        {"强调", CL_SAY},
        {"当", CL_PREP},
        {"当中", CL_LOC},
        {"当天", CL_TIME},
        {"当年", CL_TIME},
        {"当晚", CL_TIME},
        {"往", CL_PREP},
        {"得", CL_PARTICLE},
        {"必须", CL_ADV},
        {"怎么", CL_ADV},
        {"怎样", CL_ADV},
        {"总", CL_ADV},
        {"总会", CL_ADV},
        {"您", CL_PRON},
        {"成为", CL_COPULA},
        {"我", CL_PRON},
        {"我们", CL_PRON},
        {"或", CL_COORD},
        {"或是", CL_CONJ},
        {"或者", CL_CONJ},
        {"截至", CL_PREP},
        {"所以", CL_CONJ},
        {"才", CL_ADV},
        {"才能", CL_ADV},
        {"把", CL_PREP},
        {"持续", CL_ADV},
        {"指出", CL_SAY},
        {"按", CL_PREP},
        {"按时", CL_ADV},
        {"按照", CL_PREP},
        {"提到", CL_SAY},
        {"提前", CL_ADV},
        {"方面", CL_LOC},
        {"旁", CL_LOC},
        {"日前", CL_TIME},
        {"日益", CL_ADV},
        {"早上", CL_TIME},
        {"时", CL_LOC | CL_TEMPORAL},
        {"时候", CL_LOC | CL_TEMPORAL},
        {"明天", CL_TIME},
        {"明年", CL_TIME},
        {"昨天", CL_TIME},
        {"是", CL_COPULA},
        {"显示", CL_SAY},
        {"晚上", CL_TIME},
        {"更", CL_ADV},
        {"曾", CL_ADV},
        {"曾经", CL_ADV},
        {"最", CL_ADV},
        {"最多", CL_ADV},
        {"朝", CL_PREP},
        {"期间", CL_LOC | CL_TEMPORAL},
        {"未", CL_ADV},
        {"本", CL_PRON},
        {"某", CL_PRON},
        {"根据", CL_PREP},
        {"正", CL_ADV},
        {"正在", CL_ADV},
        {"正式", CL_ADV},
        {"正是", CL_COPULA},
        {"此", CL_PRON},
        {"此前", CL_TIME},
        {"此后", CL_TIME},
        {"每", CL_PRON},
        {"每周", CL_TIME},
        {"每天", CL_TIME},
        {"每年", CL_TIME},
        {"每月", CL_TIME},
        {"每次", CL_TIME},
        {"比", CL_PREP},
        {"没", CL_ADV},
        {"没有", CL_ADV},
        {"沿着", CL_PREP},
        {"沿线", CL_LOC},
        {"然后", CL_CONJ},
        {"率先", CL_ADV},
        {"环比", CL_ADV},
        {"现在", CL_TIME},
        {"甚至", CL_ADV},
        {"由", CL_PREP},
        {"由于", CL_PREP},
        {"的", CL_PARTICLE | CL_DE},
        {"皆", CL_ADV},
        {"目前", CL_TIME},
        {"相信", CL_SAY},
        {"相继", CL_ADV},
        {"看到", CL_SAY},
        {"着", CL_PARTICLE | CL_ASPECT},
        {"确实", CL_ADV},
        {"离", CL_PREP},
        {"积极", CL_ADV},
        {"称", CL_SAY},
        {"立即", CL_ADV},
        {"第", CL_PRON},
        {"等", CL_PARTICLE},
        {"等等", CL_PARTICLE},
        {"累计", CL_ADV},
        {"约", CL_ADV},
        {"纷纷", CL_ADV},
        {"终于", CL_ADV},
        {"经过", CL_PREP},
        {"结合", CL_PREP},
        {"给", CL_PREP},
        {"者", CL_PARTICLE},
        {"而", CL_CONJ},
        {"而且", CL_CONJ},
        {"背景下", CL_LOC},
        {"能", CL_ADV},
        {"能够", CL_ADV},
        {"自", CL_PREP},
        {"自从", CL_PREP},
        {"自己", CL_PRON},
        {"至", CL_COORD},
        {"至少", CL_ADV},
        {"般", CL_PARTICLE},
        {"范围内", CL_LOC},
        {"获悉", CL_SAY},
        {"虽然", CL_CONJ},
        {"表明", CL_SAY},
        {"表示", CL_SAY},
        {"被", CL_PREP},
        {"要", CL_ADV},
        {"要求", CL_SAY},
        {"觉得", CL_SAY},
        {"解释", CL_SAY},
        {"认为", CL_SAY},
        {"证实", CL_SAY},
        {"该", CL_PRON},
        {"说", CL_SAY},
        {"说明", CL_SAY},
        {"越来越", CL_ADV},
        {"跟", CL_PREP | CL_COORD},
        {"边", CL_LOC},
        {"过", CL_PARTICLE | CL_ASPECT},
        {"过程中", CL_LOC},
        {"近年来", CL_TIME},
        {"近日", CL_TIME},
        {"近期", CL_TIME},
        {"还", CL_ADV},
        {"还会", CL_ADV},
        {"还可以", CL_ADV},
        {"还将", CL_ADV},
        {"还是", CL_ADV},
        {"还能", CL_ADV},
        {"还要", CL_ADV},
        {"这", CL_PRON},
        {"这一", CL_PRON},
        {"这个", CL_PRON},
        {"这些", CL_PRON},
        {"这位", CL_PRON},
        {"这次", CL_PRON},
        {"这种", CL_PRON},
        {"这里", CL_PRON},
        {"进一步", CL_ADV},
        {"进而", CL_CONJ},
        {"透露", CL_SAY},
        {"逐步", CL_ADV},
        {"逐渐", CL_ADV},
        {"通过", CL_PREP},
        {"那", CL_PRON},
        {"那个", CL_PRON},
        {"那些", CL_PRON},
        {"那位", CL_PRON},
        {"那里", CL_PRON},
        {"都", CL_ADV},
        {"都会", CL_ADV},
        {"都在", CL_ADV},
        {"都是", CL_COPULA},
        {"里", CL_LOC},
        {"重新", CL_ADV},
        {"鉴于", CL_PREP},
        {"针对", CL_PREP},
        {"间", CL_LOC},
        {"附近", CL_LOC},
        {"陆续", CL_ADV},
        {"除了", CL_PREP},
        {"随后", CL_ADV | CL_TIME},
        {"随着", CL_PREP},
        {"需", CL_ADV},
        {"需要", CL_ADV},
        {"面向", CL_PREP},
        {"首先", CL_ADV},
        {"首次", CL_ADV},
        {"马上", CL_ADV},
};

struct atom {
	uint32_t a, b;  /* characters [a, b) */
	uint32_t pos;   /* syllables of the stretch before it */
	uint32_t cls;   /* CL_* */
	uint16_t syl;   /* its syllables */
	uint8_t joined; /* a joining mark stands between it and the atom before */
	uint8_t quoted; /* 2: a closing and an opening mark stand there (“甲”“乙”) */
};

/* strcmp between `key` (len bytes, no NUL) and `word`. */
static int cmp_word(const char *key, size_t len, const char *word)
{
	for (size_t i = 0; i < len; i++)
		if (key[i] != word[i] || !word[i])
			return (unsigned char)key[i] - (unsigned char)word[i];
	return word[len] ? -1 : 0;
}

/* The longest word of the table, in bytes (three characters). */
#define WORD_MAX 9

/* The classes of a function word, 0 for any other word. */
static uint32_t word_class(const char *key, size_t len)
{
	size_t lo = 0, hi = sizeof(word_classes) / sizeof(word_classes[0]);

	if (len > WORD_MAX)
		return 0;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int d = cmp_word(key, len, word_classes[mid].word);

		if (!d)
			return word_classes[mid].cls;
		if (d < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return 0;
}

int py_phrase_table_sorted(void)
{
	for (size_t i = 1; i < sizeof(word_classes) / sizeof(word_classes[0]); i++)
		if (strcmp(word_classes[i - 1].word, word_classes[i].word) >= 0 ||
		    strlen(word_classes[i].word) > WORD_MAX)
			return 0;
	return 1;
}

static size_t key_off(const struct py_conv *c, size_t i)
{
	return i < PY_NCH(c) ? PY_CH(c, i)->soff : c->skey.len;
}

/* 2 for a digit of a Chinese number (一, 十, 万, 两 …), 1 for a character that
 * goes with digits (点, 几, 半, 多, 余, 第), 0 for any other. */
static int numeral_kind(uint32_t cp)
{
	switch (cp) {
	case U'零':
	case U'〇':
	case U'一':
	case U'二':
	case U'两':
	case U'三':
	case U'四':
	case U'五':
	case U'六':
	case U'七':
	case U'八':
	case U'九':
	case U'十':
	case U'百':
	case U'千':
	case U'万':
	case U'亿':
		return 2;
	case U'点':
	case U'几':
	case U'半':
	case U'多':
	case U'余':
	case U'第':
		return 1;
	default:
		return 0;
	}
}

/* A number, an ordinal (第三届) or a count (三十六个, 一块) in characters [a, b):
 * it leans on what it counts; a number of years, days, hours … is a time and may
 * end a phrase. */
static int is_count_at(const struct py_conv *c, size_t a, size_t b)
{
	size_t i = a;
	int core = 0, kind;

	for (; i < b && (kind = numeral_kind(PY_CH(c, i)->scp)) != 0; i++)
		core |= kind == 2;
	if (!core)
		return 0; /* 点, 多, 第 alone are no number */
	return i == b || (i + 1 == b && !py_char_is_one_of(c, i, time_measures));
}

int py_is_function_word(const struct py_conv *c, size_t a, size_t b)
{
	return word_class(c->skey.data + key_off(c, a), key_off(c, b) - key_off(c, a)) != 0;
}

int py_is_count(const struct py_conv *c, size_t a, size_t b)
{
	return is_count_at(c, a, b);
}

static void han_classes(const struct py_conv *c, struct atom *t)
{
	const char *key = c->skey.data + key_off(c, t->a);
	size_t len = key_off(c, t->b) - key_off(c, t->a);

	if (is_count_at(c, t->a, t->b) || (len >= 6 && !memcmp(key + len - 6, "分之", 6))) {
		t->cls = CL_NUMBER;
		return;
	}
	t->cls = word_class(key, len);
	/* 为 read wei2 is "be, become" (改为, 调整为): it leans on the verb before */
	if ((t->cls & CL_PREP) && len == 3 && !memcmp(key, "为", 3) &&
	    !strcmp(PY_CH(c, t->a)->syl, "wei2"))
		t->cls = CL_PARTICLE;
	if (!t->cls && t->b - t->a == 1)
		t->cls = CL_SINGLE;
}

static int is_latin(uint32_t cp)
{
	return (cp >= 'A' && cp <= 'Z') || (cp >= 'a' && cp <= 'z');
}

static int is_digit(uint32_t cp)
{
	return cp >= '0' && cp <= '9';
}

/* Marks that join what stands on either side into one name or code. */
static int is_joiner(uint32_t cp)
{
	return cp == 0xb7 || cp == 0x30fb || cp == '-' || cp == 0x2010 || cp == 0x2013 ||
	       cp == '/' || cp == '&' || cp == '+' || cp == '.' || cp == '\'';
}

static int is_closing(uint32_t cp)
{
	return cp == 0x201d || cp == 0x2019 || cp == 0x300b || cp == 0x300d || cp == 0x300f ||
	       cp == ')' || cp == 0xff09;
}

static int is_opening(uint32_t cp)
{
	return cp == 0x201c || cp == 0x2018 || cp == 0x300a || cp == 0x300c || cp == 0x300e ||
	       cp == '(' || cp == 0xff08;
}

/* Syllables of a run of Latin letters or digits: letters of an acronym or a
 * digit string one each, a word about one per three letters. */
static uint16_t latin_syllables(const struct py_conv *c, uint32_t a, uint32_t b)
{
	int lower = 0;

	for (uint32_t i = a; i < b; i++)
		lower |= PY_CH(c, i)->cp >= 'a' && PY_CH(c, i)->cp <= 'z';
	return (uint16_t)(lower ? (b - a + 2) / 3 : b - a);
}

/* Appends the atoms of the stretch [a, b) to `atoms`; 0 or TB_E_NOMEM. */
static int collect_atoms(const struct py_conv *c, size_t a, size_t b, struct buf *atoms)
{
	uint32_t pos = 0;
	uint8_t joined = 0, quoted = 0;

	for (size_t i = a; i < b;) {
		const struct py_char *ch = PY_CH(c, i);
		struct atom *t;
		size_t j = i + 1;

		if (!ch->han && !is_latin(ch->cp) && !is_digit(ch->cp)) {
			joined |= (uint8_t)is_joiner(ch->cp);
			quoted = is_closing(ch->cp) ? 1 : is_opening(ch->cp) && quoted ? 2 : quoted;
			i++;
			continue;
		}
		if (!(t = VEC_PUSH(atoms, struct atom)))
			return TB_E_NOMEM;
		memset(t, 0, sizeof(*t));
		if (ch->han) {
			j = PY_WD(c, ch->word)->b;
			t->a = (uint32_t)i;
			t->b = (uint32_t)j;
			t->syl = (uint16_t)(j - i);
			han_classes(c, t);
		} else {
			int digits = is_digit(ch->cp);

			while (j < b && !PY_CH(c, j)->han &&
			       (digits ? is_digit(PY_CH(c, j)->cp) : is_latin(PY_CH(c, j)->cp)))
				j++;
			t->syl = latin_syllables(c, (uint32_t)i, (uint32_t)j);
			t->cls = digits ? CL_NUMBER : CL_LATIN;
		}
		t->a = (uint32_t)i;
		t->b = (uint32_t)j;
		t->pos = pos;
		t->joined = joined;
		t->quoted = quoted;
		pos += t->syl;
		joined = quoted = 0;
		i = j;
	}
	return 0;
}

/* A locative preposition at atom k that ends its stretch with its object (设在
 *园区食堂二楼, 控制在一毫米以内) is the complement of the verb before it. */
static int pp_ends_stretch(const struct atom *t, size_t k, size_t n)
{
	uint32_t total = t[n - 1].pos + t[n - 1].syl;

	for (size_t j = k + 1; j < n; j++)
		if (t[j].cls & CL_LOC)
			return total - (t[j].pos + t[j].syl) < PHRASE_MIN;
	return total - t[k].pos < 8;
}

/* A preposition opened the adverbial that a localizer at atom k ends (在操作室里). */
static int adverbial_before(const struct atom *t, size_t k)
{
	if (t[k].cls & CL_TEMPORAL)
		return 1;
	for (size_t j = k; j-- > 0;)
		if (t[j].cls & CL_PREP)
			return 1;
	return 0;
}

/* The score of a break before atom k of n (0: no break allowed there) and why. */
static float boundary_score(const struct py_conv *c, const struct atom *t, size_t k, size_t n,
                            uint8_t *why)
{
	const struct atom *l = &t[k - 1], *r = &t[k];
	float s = PLAIN_SCORE;

	*why = PY_BREAK_LENGTH;
	if (r->joined || (l->cls & LEANS_RIGHT) || (r->cls & LEANS_LEFT))
		return 0.0f;
	/* inside a name or a word the lexicon lacks: 韩|立|军, 郑|国庆 */
	if ((l->cls & CL_SINGLE) && (r->cls & CL_SINGLE))
		return 0.0f;
	if ((l->cls & CL_SINGLE) && r->syl <= 2 && !(r->cls & ~CL_SINGLE) &&
	    py_is_common_surname(c, l->a))
		return 0.0f;
	/* a one-character word before more words is a suffix (江川|市) or a name's
	 * start; it may begin a phrase only with its particle (墙|上, 挂|着) */
	if ((r->cls & CL_SINGLE) && (k + 1 == n || !(t[k + 1].cls & (CL_PARTICLE | CL_LOC))))
		return 0.0f;
	/* after more words it is a suffix (七点整, 阅读量) or begins a word the lexicon
	 * lacks (工人赋|能, 和新|就业): a phrase may end there only before a function word
	 * that cannot be that word's second half (阅读量|累计, 七点整|从; not 赋|能), or
	 * after a run of them, a name (张|亮|把) */
	if ((l->cls & CL_SINGLE) && (k < 2 || !(t[k - 2].cls & CL_SINGLE)) &&
	    (!r->cls || (r->cls & CL_SINGLE) || (r->b - r->a == 1 && (r->cls & CL_ADV))))
		return 0.0f;
	/* a one-character function word before a one-character word may be part of a
	 * word the lexicon lacks (师徒共|进的) */
	if (r->b - r->a == 1 && k + 1 < n && (t[k + 1].cls & CL_SINGLE))
		return 0.0f;
	if ((l->cls & CL_TIME) && !(r->cls & CL_PREP))
		return 0.0f; /* 下午|四点, 每周|都会 */
	if (r->cls & CL_CONJ) {
		s = 5.0f;
		*why = PY_BREAK_CONJ;
	} else if (l->cls & CL_SAY) {
		s = 4.5f;
		*why = PY_BREAK_SAY;
	} else if (r->cls & CL_ADV) {
		s = 4.0f;
		*why = PY_BREAK_ADV;
	} else if (r->cls & CL_TIME) {
		s = 2.0f;
		*why = PY_BREAK_TIME;
	} else if (r->cls & CL_PREP) {
		if ((r->cls & CL_LOCATIVE) && pp_ends_stretch(t, k, n))
			return 0.0f;
		s = 3.5f;
		*why = PY_BREAK_PREP;
	} else if (r->cls & CL_COPULA) {
		s = 3.5f;
		*why = PY_BREAK_COPULA;
	} else if ((l->cls & CL_LOC) && adverbial_before(t, k - 1)) {
		s = 3.0f;
		*why = PY_BREAK_LOC;
	} else if ((l->cls & CL_ASPECT) && k >= 2 && !(t[k - 2].cls & CL_PARTICLE)) {
		s = 2.5f;
		*why = PY_BREAK_ASPECT;
	} else if (l->cls & CL_DE) {
		s = 1.0f;
		*why = PY_BREAK_DE;
	} else if (r->quoted == 2) {
		s = 2.0f;
		*why = PY_BREAK_QUOTE;
	}
	return s;
}

/* Where the phrase that begins with the atom at `a` starts: at an opening quote or
 * bracket before it (the one after the atom ending at `from`), so the mark goes with
 * the phrase it opens. */
static uint32_t phrase_start(const struct py_conv *c, uint32_t from, uint32_t a)
{
	for (uint32_t i = from; i < a; i++)
		if (is_opening(PY_CH(c, i)->cp))
			return i;
	return a;
}

static float length_cost(uint32_t len)
{
	if (len < PHRASE_SHORT)
		return COST_SHORT * (float)(PHRASE_SHORT - len);
	if (len > PHRASE_MAX)
		return COST_LONG * (float)(len - PHRASE_LONG) +
		       COST_MAX * (float)(len - PHRASE_MAX);
	if (len > PHRASE_LONG)
		return COST_LONG * (float)(len - PHRASE_LONG);
	return 0.0f;
}

static uint16_t clamp16(uint32_t v)
{
	return (uint16_t)(v > 0xffff ? 0xffff : v);
}

struct cell {
	float best; /* value of the stretch up to here with a break here */
	float score;
	uint32_t from; /* the previous break (atom index; 0 = the stretch start) */
	uint8_t why;
	uint8_t ok;
};

/* Chooses the breaks of the stretch whose n atoms fill c->dp and appends them
 * to c->breaks; the DP cells go to c->dp after the atoms. */
static int place_breaks(struct py_conv *c, size_t n)
{
	size_t at_bytes = n * sizeof(struct atom);
	const struct atom *t;
	struct cell *d;

	if (!buf_addzero(&c->dp, (n + 1) * sizeof(*d)))
		return TB_E_NOMEM;
	t = (const struct atom *)(const void *)c->dp.data;
	d = (struct cell *)(void *)(c->dp.data + at_bytes);
	uint32_t total = t[n - 1].pos + t[n - 1].syl;

	d[0].ok = 1;
	for (size_t k = 1; k <= n; k++) {
		uint32_t at = k < n ? t[k].pos : total;
		float score = 0.0f;

		if (k < n && !(score = boundary_score(c, t, k, n, &d[k].why)))
			continue;
		/* the phrases ending here, longest last; none longer than PHRASE_CAP */
		for (size_t i = k; i-- > 0;) {
			uint32_t from = t[i].pos, len = at - from;

			if (len > PHRASE_CAP)
				break;
			if (!d[i].ok || len < PHRASE_MIN || (i == 0 && k == n))
				continue;
			float v =
			        d[i].best - length_cost(len) + (k < n ? score - COST_BREAK : 0.0f);

			if (!d[k].ok || v >= d[k].best) { /* ties: the earliest */
				d[k].best = v;
				d[k].from = (uint32_t)i;
				d[k].ok = 1;
			}
		}
		d[k].score = score;
	}
	/* no break at all, or the best chain of breaks */
	if (!d[n].ok || d[n].best <= -length_cost(total))
		return 0;
	size_t first = VEC_LEN(&c->breaks, struct py_break), count = 0;

	for (size_t k = d[n].from; k > 0; k = d[k].from)
		count++;
	if (!buf_addzero(&c->breaks, count * sizeof(struct py_break)))
		return TB_E_NOMEM;
	size_t slot = first + count;
	uint32_t end = total;

	for (size_t k = d[n].from; k > 0; k = d[k].from) {
		struct py_break *br = &VEC_AT(&c->breaks, struct py_break, --slot);

		br->at = phrase_start(c, t[k - 1].b, t[k].a);
		br->why = d[k].why;
		br->stretch = clamp16(total);
		br->before = clamp16(t[k].pos - t[d[k].from].pos);
		br->after = clamp16(end - t[k].pos);
		end = t[k].pos;
	}
	return 0;
}

int py_phrase(struct py_conv *c)
{
	size_t n = PY_NCH(c);
	int rc = 0;

	for (size_t a = 0; a < n && !rc;) {
		size_t b = a, spoken = 0;

		/* the stretch and an upper bound of its syllables (characters that can be
		 * spoken); Chinese characters are never pause marks */
		for (; b < n; b++) {
			const struct py_char *ch = PY_CH(c, b);

			if (ch->han)
				spoken++;
			else if (py_pause_mark(ch->cp))
				break;
			else
				spoken += is_latin(ch->cp) || is_digit(ch->cp);
		}
		if (spoken >= STRETCH_MIN) {
			buf_reset(&c->dp);
			rc = collect_atoms(c, a, b, &c->dp);
			if (!rc && VEC_LEN(&c->dp, struct atom) > 1)
				rc = place_breaks(c, VEC_LEN(&c->dp, struct atom));
		}
		a = b + 1;
	}
	return rc;
}

const char *py_break_reason(uint8_t why)
{
	switch (why) {
	case PY_BREAK_CONJ:
		return "a conjunction opens what follows";
	case PY_BREAK_SAY:
		return "after a verb of saying or perceiving, before what was said";
	case PY_BREAK_ADV:
		return "the subject ends; an adverb or auxiliary opens the predicate";
	case PY_BREAK_PREP:
		return "a preposition opens a phrase after the subject or an adverbial";
	case PY_BREAK_COPULA:
		return "the subject ends before the copula";
	case PY_BREAK_LOC:
		return "a localizer ends an adverbial";
	case PY_BREAK_ASPECT:
		return "after a verb and its aspect marker, before a long object";
	case PY_BREAK_DE:
		return "after a 的-phrase";
	case PY_BREAK_TIME:
		return "the subject ends; a time word opens the predicate";
	case PY_BREAK_QUOTE:
		return "between two quoted items";
	default:
		return "the stretch is long; the best word boundary for even phrases";
	}
}
