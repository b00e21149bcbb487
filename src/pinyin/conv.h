/*
 * conv — one conversion's working state, shared by the segmenter (seg.c), the
 * rules (rules.c) and the writers (pinyin.c). Internal to src/pinyin/.
 */
#ifndef TB_PY_CONV_H
#define TB_PY_CONV_H

#include "core/buf.h"
#include "pinyin/lex.h"

#include <stdint.h>

/* What decided a character's reading (shown by `tingbao explain`). */
enum py_why {
	PY_WHY_NONE = 0, /* not a Chinese character */
	PY_WHY_WORD,     /* reading of a lexicon word */
	PY_WHY_OVERRIDE, /* user override */
	PY_WHY_CHAR,     /* the character's default reading */
	PY_WHY_UNIHAN,   /* character known only from Unihan */
	PY_WHY_UNKNOWN,  /* no reading known */
	PY_WHY_RULE_YI,  /* 一 sandhi */
	PY_WHY_RULE_BU,  /* 不 sandhi */
	PY_WHY_RULE_NEUTRAL,
	PY_WHY_RULE_ERHUA,
	PY_WHY_RULE_SURNAME,
	PY_WHY_RULE_CONTEXT, /* a standalone polyphone read from its neighbours */
	PY_WHY_WORD_CEDICT,  /* reading of a word from or settled by CC-CEDICT */
	PY_WHY_CHAR_NAMES,   /* rare character: its reading in proper names */
};

enum py_src { PY_SRC_LEX = 1, PY_SRC_OVR, PY_SRC_UNKNOWN };

struct py_char {
	uint32_t cp;   /* as written */
	uint32_t scp;  /* simplified */
	uint32_t off;  /* bytes into the input */
	uint32_t soff; /* bytes into conv.skey */
	uint32_t word; /* index into conv.words (Chinese characters only) */
	uint8_t len;
	uint8_t han;
	uint8_t why;
	char syl[8]; /* "hang2", "r5", "" for non-Chinese */
};

struct py_wordspan {
	uint32_t a, b; /* character indices [a, b) */
	uint8_t src;
	float cost;
};

/* Why a phrase break was placed (phrase.c; shown by `tingbao explain`). */
enum py_break_why {
	PY_BREAK_LENGTH = 0, /* only the stretch's length */
	PY_BREAK_CONJ,
	PY_BREAK_SAY,
	PY_BREAK_ADV,
	PY_BREAK_TIME,
	PY_BREAK_PREP,
	PY_BREAK_COPULA,
	PY_BREAK_LOC,
	PY_BREAK_ASPECT,
	PY_BREAK_DE,
	PY_BREAK_QUOTE,
};

/* A prosodic phrase break before character `at`. */
struct py_break {
	uint32_t at;
	uint8_t why;      /* enum py_break_why */
	uint16_t stretch; /* syllables of the stretch it divides */
	uint16_t before;  /* syllables of the phrases before and after it */
	uint16_t after;
};

struct py_conv {
	const struct py_lexicon *lex;
	const char *text;
	struct buf chars;  /* struct py_char[] */
	struct buf skey;   /* simplified UTF-8 of all characters */
	struct buf words;  /* struct py_wordspan[] */
	struct buf dp;     /* scratch for the segmenter */
	struct buf breaks; /* struct py_break[], in text order (py_phrase) */
};

#define PY_CH(c, i) (&VEC_AT(&(c)->chars, struct py_char, (i)))
#define PY_NCH(c)   VEC_LEN(&(c)->chars, struct py_char)
#define PY_WD(c, i) (&VEC_AT(&(c)->words, struct py_wordspan, (i)))
#define PY_NWD(c)   VEC_LEN(&(c)->words, struct py_wordspan)

int py_is_han(uint32_t cp);

/* Splits each run of Chinese characters into words and sets their readings. */
int py_segment(struct py_conv *c);
/* Sandhi, neutral tones, erhua, surnames. */
void py_apply_rules(struct py_conv *c);
/* 1 when character i is one of the commonest single-character surnames. */
int py_is_common_surname(const struct py_conv *c, size_t i);
/* Prosodic phrase breaks inside long stretches (phrase.c); 0 or TB_E_NOMEM. */
int py_phrase(struct py_conv *c);
/* 1 when the characters [a, b) are a function word of phrase.c's table (a
 * preposition, adverb, conjunction, pronoun, particle, localizer, time word …). */
int py_is_function_word(const struct py_conv *c, size_t a, size_t b);
/* 1 when the characters [a, b) are a number or a count (一百三十六, 三十六个, 第五届). */
int py_is_count(const struct py_conv *c, size_t a, size_t b);
/* 1 when phrase.c's word table is sorted and no word is longer than its lookup
 * expects (for the tests). */
int py_phrase_table_sorted(void);
/* What a break's `why` means, for explain. */
const char *py_break_reason(uint8_t why);
/* The ASCII mark eSpeak NG is given for a pause mark (，→ ","), or NULL when `cp`
 * is no pause mark; phrasing works between them. */
const char *py_pause_mark(uint32_t cp);

/* Copies syllable `k` of `py` ("yin2 hang2", `len` bytes) into out[8]; 0 when
 * it is missing or not pinyin (a damaged lexicon). */
int py_nth_syllable(const char *py, size_t len, size_t k, char *out);

/* 1 when the simplified text of characters [a, b) equals `s`. */
int py_span_is(const struct py_conv *c, size_t a, size_t b, const char *s);
/* 1 when the simplified character i is one of `set` (a string of 3-byte characters,
 * "了着过"). */
int py_char_is_one_of(const struct py_conv *c, size_t i, const char *set);

#endif
