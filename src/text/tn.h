/*
 * tn — text normalization: printed text → the words a newsreader says
 * ("2023年" → "二零二三年", "60%" → "百分之六十").
 *
 * tn_normalize() never rejects content: anything it cannot interpret passes
 * through unchanged and is described in `notes` (one line each), so nothing is
 * dropped silently. It fails only when memory or a buffer limit runs out.
 * Output is appended to `out`, which the caller owns.
 */
#ifndef TB_TN_H
#define TB_TN_H

#include "core/buf.h"

#include <stddef.h>

/* 0, or TB_E_NOMEM / TB_E_LIMIT. `notes` may be NULL. */
int tn_normalize(const char *text, size_t len, struct buf *out, struct buf *notes);

#endif
