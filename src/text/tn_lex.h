/*
 * tn_lex — the word lists and symbol tables of text normalization: measure
 * words (两个), money words, magnitudes, Latin units (km → 公里) and currency
 * signs ($ → 美元), and the lookups on them. All tables are constant and
 * NULL-terminated; nothing here keeps state.
 */
#ifndef TB_TN_LEX_H
#define TB_TN_LEX_H

#include "text/tn_scan.h"

#include <stddef.h>

/* A Latin or symbol unit written after a number, with its spoken form. */
struct unit {
	const char *w, *say;
	int temp; /* a temperature: below zero is 零下 */
};

/* Signs that join the two ends of a range (~, -, —, ...). */
extern const char *const tn_range_chars[];
/* Signs that make a number negative. */
extern const char *const tn_minus_chars[];
/* After 2: 两个, 两年, 两公里 (but 二月, 二号, 二楼, 第二) */
extern const char *const tn_measure_words[];
/* Money words after a number: decimals drop trailing zeros (36.00元 → 三十六元). */
extern const char *const tn_money_words[];
/* 万, 亿 ... after an amount, before its currency word. */
extern const char *const tn_magnitudes[];
/* After a 4-digit number from 1900 to 2099: the number is a year (二零二三赛季). */
extern const char *const tn_year_nouns[];

/* The Latin unit at i (one space allowed before it) and its length, or NULL. */
const struct unit *tn_unit_at(const struct tn *t, size_t i, size_t *len);

/* Whether a measure word or a non-temperature unit starts at i (两个, 两公里). */
int tn_measure_after(const struct tn *t, size_t i);

/* A currency sign or code at i followed by an amount ($5, HKD 13.5): its
 * length (with one space) and spoken word, or 0. */
size_t tn_currency_at(const struct tn *t, size_t i, const char **say);

/* Reads the amount after a currency sign of length l at i, its magnitude
 * (万/亿) and the currency word: $1.5万 → 一点五万美元. */
size_t tn_read_money(struct tn *t, size_t i, size_t l, const char *say);

#endif
