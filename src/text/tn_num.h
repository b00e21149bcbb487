/*
 * tn_num — number words for text normalization: a digit string read as a
 * cardinal (with 万/亿 grouping and 零 for gaps), digit by digit, or as a
 * decimal. Inputs are plain ASCII digit strings (no sign, no separators);
 * output is appended to the caller's buffer. No state, no allocation of its own.
 */
#ifndef TB_TN_NUM_H
#define TB_TN_NUM_H

#include "core/buf.h"

#include <stddef.h>

/* Cardinals longer than this many digits (beyond 万亿) are read digit by digit. */
#define TN_MAX_CARDINAL 16

enum tn_num_flags {
	TN_LIANG_LEAD = 1, /* 2 before 千, and a leading 2 before 万/亿, is 两 */
	TN_LIANG = 2,      /* the number 2 on its own is 两 (before a measure word) */
};

/* Appends the cardinal reading of `d` (n digits; leading zeros ignored).
 * Returns 0 or a negative TB_E_* code. More than TN_MAX_CARDINAL significant
 * digits are read digit by digit. */
int tn_say_cardinal(struct buf *out, const char *d, size_t n, unsigned flags);

/* Digit by digit (二零二三); with `yao`, 1 is read 幺 (phone numbers). */
int tn_say_digits(struct buf *out, const char *d, size_t n, int yao);

/* Integer part as a cardinal (零 when empty), then 点 and the fraction digit by
 * digit. With `trim`, trailing zeros of the fraction are dropped (and 点 with
 * them when nothing is left). */
int tn_say_decimal(struct buf *out, const char *ip, size_t ni, const char *fp, size_t nf,
                   unsigned flags, int trim);

/* The value of a short digit string, or -1 when it has more than 9 digits. */
long tn_digits_value(const char *d, size_t n);

#endif
