/*
 * utext — the characters tingbao never writes out: control characters and
 * Unicode format characters (general category Cf: the bidirectional
 * embeddings, overrides and isolates U+202A–202E and U+2066–2069, the marks
 * U+200E, U+200F and U+061C, zero-width characters, the byte order mark, the
 * soft hyphen, tag characters …). None of them is heard, and the bidi ones
 * make text display in another order than it is stored (a title that reads
 * backwards in a podcast app, a chapter name that hides what follows it).
 *
 * Every text that reaches an output passes here or through ingest (which uses
 * utext_is_hidden): page text, --title and --description, page file names
 * recorded in manifests, and every string publish reads from a manifest.
 */
#ifndef TB_UTEXT_H
#define TB_UTEXT_H

#include "core/buf.h"

#include <stddef.h>
#include <stdint.h>

/* 1 for a control character (C0, DEL, C1) or a format character (Cf). */
int utext_is_hidden(int32_t cp);

/* Appends `s` (len bytes) to `out` as one line of text: tab, newline and carriage
 * return become a space, other hidden characters are dropped; bytes that are not
 * UTF-8 are copied as they are (callers that need valid UTF-8 check it themselves).
 * 0 or TB_E_NOMEM/TB_E_LIMIT. */
int utext_clean_line(struct buf *out, const char *s, size_t len);

/* 1 when `s` holds a hidden character (a tab or newline counts). */
int utext_has_hidden(const char *s, size_t len);

#endif
