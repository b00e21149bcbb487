/*
 * tn_code — identifiers and things that are not amounts: phone and service
 * numbers (digit by digit, 1 as 幺), codes, model names after Latin letters
 * (C919 → C九一九), versions, web and e-mail addresses, lower-case acronyms,
 * and symbols that are dropped (emoji) or passed through with a note.
 */
#ifndef TB_TN_CODE_H
#define TB_TN_CODE_H

#include "text/tn_scan.h"

#include <stddef.h>

/* How an integer is read when it is not an amount. */
enum tn_digits_mode {
	TN_DIGITS_NO,    /* an amount: a cardinal */
	TN_DIGITS_PLAIN, /* a code: digit by digit (编号三一四一五) */
	TN_DIGITS_YAO,   /* a number to dial: digit by digit, 1 as 幺 */
};

/* Decides from the words around it (电话, 编号, 热线 ...) and its shape
 * (a mobile number, a leading zero) whether x is read digit by digit. */
enum tn_digits_mode tn_digits_mode(const struct tn *t, const struct num *x, size_t sfx);

/* A version number: 3.10.2 → 三点十点二. */
size_t tn_read_version(struct tn *t, const struct tok *k);

/* A Latin word at i with what it introduces: an address, a currency code,
 * O2O, an acronym, or a model name with its digits (C919 → C九一九). */
size_t tn_read_latin(struct tn *t, size_t i);

/* Emoji, pictographs and bullets are left out (and noted): the length of
 * the one at i, or 0. */
size_t tn_drop_symbol(struct tn *t, size_t i);

/* Notes what passes through without a reading: bytes that are not UTF-8, and
 * (once per run) kana and hangul, which the pinyin stage cannot say. */
void tn_note_foreign(struct tn *t, size_t i, size_t l);

#endif
