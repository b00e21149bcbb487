/*
 * tn — text normalization: printed text → the words a newsreader says
 * ("2023年" → "二零二三年", "60%" → "百分之六十", "14:30" → "十四点三十分").
 * The conventions are in docs/normalization.md.
 *
 * Input is one sentence of NFKC-normalized UTF-8 (any bytes are tolerated:
 * nothing is read past `len`, and stray bytes pass through). The output is
 * still Chinese text; Latin letters are left for the pinyin stage.
 *
 * tn_normalize() never rejects content: anything it cannot interpret passes
 * through unchanged and is described in `notes` (one line each, of the form
 * `tn: <what> at byte <offset>: "<text>"`), so nothing is dropped silently;
 * symbols it leaves out of speech (emoji) are noted the same way. It fails
 * only when memory or a buffer limit runs out. Output is appended to `out`,
 * which the caller owns. No global state: calls may run in parallel.
 */
#ifndef TB_TN_H
#define TB_TN_H

#include "core/buf.h"

#include <stddef.h>

/* 0, or TB_E_NOMEM / TB_E_LIMIT. `notes` may be NULL. */
int tn_normalize(const char *text, size_t len, struct buf *out, struct buf *notes);

#endif
