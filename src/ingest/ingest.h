/*
 * ingest — page bytes → clean text for layout.
 *
 * Reads one page file, rejects what is not UTF-8 text (with the byte offset,
 * line and column of the first bad byte), removes a BOM, turns CRLF and CR
 * into LF, applies NFKC to width variants only (full-width digits, letters,
 * punctuation and currency signs become ASCII, ideographic spaces become
 * spaces; ℃ ㎡ … ² stay as they are) and NFC to the rest, drops control
 * characters other than tab and newline (a stray NUL byte too), and trims
 * trailing spaces of every line. Blank lines are kept: they separate paragraphs
 * and blocks. Overlong forms, surrogates (CESU-8) and code points past U+10FFFF
 * are invalid UTF-8. A file with many NUL bytes (one byte in 64 or more) is UTF-16
 * or binary, not text, and is refused; when bytes that are not UTF-8 read cleanly
 * as GB18030 (or start with a UTF-16 byte order mark) the message suggests the
 * --encoding to use.
 *
 * The result is appended to a caller-owned buf and is valid UTF-8 ending in
 * "\n" (unless empty). Limits are documented in INGEST_MAX_BYTES.
 */
#ifndef TB_INGEST_H
#define TB_INGEST_H

#include "core/buf.h"
#include "core/err.h"

#include <stddef.h>

/* A page file larger than 64 MiB (or larger once converted to UTF-8) is refused
 * with TB_E_LIMIT. There is no limit on line or sentence length below that: long
 * sentences are cut into chunks for synthesis (layout/sentence.h). */
#define INGEST_MAX_BYTES ((size_t)64 << 20)

/* Reads and cleans `path`. TB_E_IO (cannot read), TB_E_INPUT (not UTF-8 text,
 * empty) or TB_E_LIMIT; the message names the file and the position. */
int ingest_file(const char *path, struct buf *out, struct tb_err *err);

/* The same for bytes already in memory; `name` is used in messages. */
int ingest_bytes(const char *name, const unsigned char *data, size_t len, struct buf *out,
                 struct tb_err *err);

/* The same for a page in `encoding` (an iconv name: "gb18030", "gbk", "big5",
 * "utf-16" ...; NULL or "utf-8" is UTF-8): converted to UTF-8 first, with the byte
 * offset of the first byte that is not valid in that encoding in the error. An
 * encoding iconv does not know gives TB_E_USAGE. */
int ingest_file_enc(const char *path, const char *encoding, struct buf *out, struct tb_err *err);
int ingest_bytes_enc(const char *name, const char *encoding, const unsigned char *data, size_t len,
                     struct buf *out, struct tb_err *err);

/* 1 when `encoding` is UTF-8 or a name glibc's iconv can convert from, else 0. */
int ingest_encoding_known(const char *encoding);

#endif
