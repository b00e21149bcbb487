/*
 * tn_date — dates, years and clock times: 2023年 → 二零二三年 (a year) or
 * 二十年 (a count), 2023-12-25 and 12.30 (in a sentence about dates) as dates,
 * 14:30 → 十四点三十分, 3:1 → 三比一 when it is not a time. Readers append to
 * the scanner's output and return the input offset after what they consumed.
 */
#ifndef TB_TN_DATE_H
#define TB_TN_DATE_H

#include "text/tn_scan.h"

#include <stddef.h>

/* 1..12, 1..31, a four-digit year from 1000 to 2999. */
int tn_valid_month(const struct part *p);
int tn_valid_day(const struct part *p);
int tn_year_like(const struct part *p);

/* Says 年/月/日 for the parts given (NULL ones are left out). */
void tn_say_date(struct tn *t, const struct part *y, const struct part *m, const struct part *d);

/* Y-M-D, M-D-Y, Y-M, M-Y or (with a leading zero) M-D, over `np` parts.
 * Returns 1 and says it when the parts form a date. */
int tn_try_date(struct tn *t, const struct part *p, int np, int yy_ok);

/* 2016/17, 1989-90: a year and the next one written short; says both. */
int tn_try_year_span(struct tn *t, const struct part *a, const struct part *b, int loose);

/* Whether a span of years is announced by what follows (赛季, 年度, 年). */
int tn_year_span_noun(const struct tn *t, size_t i);

/* Whether N年 is a year (二零二三年) rather than a count of years (二十年). */
int tn_is_year(const struct tn *t, const struct num *x, size_t sfx);

/* H:MM, H:MM:SS as a time; X:Y otherwise (and in a match) as a ratio. */
size_t tn_read_colon(struct tn *t, const struct tok *k);

/* "5·12" names an event: digit by digit. 2019·2·10 is a date. */
size_t tn_read_middle_dot(struct tn *t, const struct tok *k);

/* Whether a M.D figure is a date here ("12.30" in a sentence about dates). */
int tn_dotted_month_day(const struct tn *t, const struct tok *k);

#endif
