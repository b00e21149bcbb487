/*
 * tn_scan — the byte-level helpers the normalizer's scanner shares between
 * its category files: bounded literal matching on the sentence, word lists,
 * and output. Every accessor checks bounds, so odd input (cut UTF-8, stray
 * bytes) is never read past its end.
 *
 * A `struct tn` lives on the stack of one tn_normalize() call; nothing here
 * keeps global state.
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

struct tn {
	const char *s;
	size_t n;
	struct buf *out;
	struct buf *notes;
	int err;	    /* first output error, reported at the end */
	unsigned ctx;	    /* TN_CTX_* bits for the whole sentence */
	size_t num_end;	    /* input offset just after the last number read */
	int num_small_int;  /* that number was a bare integer of at most 3 digits */
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

#endif
