/*
 * ingest — page bytes → clean text for layout.
 *
 * Reads one page file, rejects what is not UTF-8 text (with the byte offset,
 * line and column of the first bad byte), removes a BOM, turns CRLF and CR
 * into LF, applies NFKC to width variants only (full-width digits, letters,
 * punctuation and currency signs become ASCII, ideographic spaces become
 * spaces; ℃ ㎡ … ² stay as they are) and NFC to the rest, drops control
 * characters other than tab and newline, and trims trailing spaces of every
 * line. Blank lines are kept: they separate paragraphs and blocks.
 *
 * The result is appended to a caller-owned buf and is valid UTF-8 ending in
 * "\n" (unless empty). Limits are documented in INGEST_MAX_BYTES.
 */
#ifndef TB_INGEST_H
#define TB_INGEST_H

#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>

#define INGEST_MAX_BYTES ((size_t)64 << 20) /* a page file larger than 64 MiB is refused */

/* Reads and cleans `path`. TB_E_IO (cannot read), TB_E_INPUT (not UTF-8 text,
 * empty) or TB_E_LIMIT; the message names the file and the position. */
int ingest_file(const char *path, struct buf *out, struct tb_err *err);

/* The same for bytes already in memory; `name` is used in messages. */
int ingest_bytes(const char *name, const unsigned char *data, size_t len, struct buf *out,
		 struct tb_err *err);

#endif
