/*
 * tn_scan — the byte-level helpers the normalizer's scanner shares between
 * its category files: bounded literal matching on the sentence, word lists,
 * and output. Every accessor checks bounds, so odd input (cut UTF-8, stray
 * bytes) is never read past its end.
 *
 * A `struct tn` lives on the stack of one tn_normalize() call; nothing here
 * keeps global state. Figures are parsed into `struct tok` (runs of digits
 * with their separator) before a reader decides what they are.
 */
#ifndef TB_TN_SCAN_H
#define TB_TN_SCAN_H

#include "core/buf.h"

#include <stddef.h>

#define TN_NONE ((size_t)-1)

enum tn_ctx {
	TN_CTX_SPORT = 1, /* the sentence speaks of a match: X:Y and X-Y are scores */
	TN_CTX_DATE = 2,  /* the sentence has dates: 12.30 may be 十二月三十日 */
	TN_CTX_MATH = 4,  /* the sentence has '=': X-Y is 减 */
};

#define TN_MAXD    40 /* digits kept per part; longer runs are read as more figures */
#define TN_MAXPART 4

/* One run of digits of a figure (thousands separators removed). */
struct part {
	char d[TN_MAXD + 1];
	size_t nd;
	size_t pos; /* input offset of the first digit */
	size_t end; /* input offset just after the part */
	int lead0;  /* written with a leading zero ("08") */
};

/* A figure: up to TN_MAXPART runs joined by one kind of separator. */
struct tok {
	size_t start, end;
	int np;
	char sep; /* '.', ':', '/', 'm' (middle dot) or 0 for a single part */
	struct part p[TN_MAXPART];
};

/* A plain number about to be read: integer part, optional fraction, sign. */
struct num {
	const struct part *ip;
	const struct part *fp; /* NULL when there is no fraction */
	int sign;              /* 0, '-' or '+' */
	size_t start;          /* first input byte, sign included */
	size_t end;            /* just after the digits */
};

struct tn {
	const char *s;
	size_t n;
	struct buf *out;
	struct buf *notes;
	int err;           /* first output error, reported at the end */
	unsigned ctx;      /* TN_CTX_* bits for the whole sentence */
	size_t num_end;    /* input offset just after the last number read */
	int num_small_int; /* that number was a bare integer of at most 3 digits */
	int num_was_year;  /* that number was read as a year */
};

/* Length of `lit` when the sentence has it at offset i, else 0. */
size_t tn_at(const struct tn *t, size_t i, const char *lit);
/* Length of the first entry of a NULL-terminated list found at i, else 0. */
size_t tn_at_any(const struct tn *t, size_t i, const char *const *list);
/* Whether some entry of `list` ends exactly at offset i. */
int tn_ends_with_any(const struct tn *t, size_t i, const char *const *list);
/* Whether some entry of `list` occurs in the `window` bytes before offset i. */
int tn_kw_before(const struct tn *t, size_t i, size_t window, const char *const *list);
/* Whether some entry of `list` occurs in the `window` bytes from offset i. */
int tn_kw_after(const struct tn *t, size_t i, size_t window, const char *const *list);
int tn_digit(const struct tn *t, size_t i);
int tn_alpha(const struct tn *t, size_t i);
/* Bytes of the UTF-8 sequence starting at i (1 for stray bytes); 0 at the end. */
size_t tn_cp_len(const struct tn *t, size_t i);
/* Offset of the code point before i (i itself when i == 0). */
size_t tn_cp_prev(const struct tn *t, size_t i);
/* Whether the code point at i is a CJK ideograph. */
int tn_cjk(const struct tn *t, size_t i);

void tn_put(struct tn *t, const char *s);
void tn_putn(struct tn *t, const char *s, size_t n);
void tn_note(struct tn *t, size_t at, size_t len, const char *what);

size_t tn_skip_spaces(const struct tn *t, size_t i);

/* The value of a short part (-1 beyond 9 digits). */
long tn_part_value(const struct part *p);

/* Number words into the output (tn_num flags); errors go to t->err. */
void tn_put_cardinal(struct tn *t, const struct part *p, unsigned flags);
void tn_put_value(struct tn *t, long v, unsigned flags);
void tn_put_digits(struct tn *t, const struct part *p, int yao);

/* Parses one run of digits at i (with well-formed thousands separators:
 * 1,234,567) or a whole figure of runs joined by one separator kind. Both
 * return the offset after what they parsed. */
size_t tn_parse_part(const struct tn *t, size_t i, struct part *p);
size_t tn_parse_tok(const struct tn *t, size_t i, struct tok *k);

/* Past the number that starts at i (digits with separators), or i. */
size_t tn_skip_number(const struct tn *t, size_t i);

/* When a range sign and a second number follow e ("2~3个"), where the second
 * number's suffix starts; else TN_NONE. */
size_t tn_range_right_suffix(const struct tn *t, size_t e);

#endif
